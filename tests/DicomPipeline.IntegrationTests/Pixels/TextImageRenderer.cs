using System.Globalization;
using System.Text.Json;
using DicomPipeline.IntegrationTests.Infrastructure;

namespace DicomPipeline.IntegrationTests.Pixels;

/// <summary>
/// Draws text into 8-bit grey frames with Debian's Pillow (<c>python3-pil</c>) and its TrueType fonts
/// (<c>fonts-dejavu-core</c>, <c>fonts-liberation</c>): the burned-in annotations of the tests, where the test knows
/// what was written and where, independently of the code under test.
/// </summary>
internal static class TextImageRenderer
{
    public const string DejaVuSans = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    public const string DejaVuSansMono = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";
    public const string LiberationSans = "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf";
    public const string LiberationMono = "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf";

    private const string Script = """
        import json, sys
        from PIL import Image, ImageDraw, ImageFont
        spec = json.loads(sys.argv[1])
        w, h = spec["width"], spec["height"]
        out = open(spec["output"], "wb")
        boxes = []
        for frame in spec["frames"]:
            img = Image.new("L", (w, h), 0)
            px = img.load()
            bg = frame["background"]
            for y in range(h):
                for x in range(w):
                    # A soft gradient, so the picture is not flat; text contrast stays high.
                    px[x, y] = max(0, min(255, bg + (x + y) * 24 // (w + h) - 12))
            draw = ImageDraw.Draw(img)
            frame_boxes = []
            for item in frame["items"]:
                font = ImageFont.truetype(item["font"], item["size"])
                draw.text((item["x"], item["y"]), item["text"], font=font, fill=item["fill"])
                frame_boxes.append(list(draw.textbbox((item["x"], item["y"]), item["text"], font=font)))
            boxes.append(frame_boxes)
            out.write(img.tobytes())
        out.close()
        print(json.dumps(boxes))
        """;

    /// <summary>Renders the frames to raw bytes (frame after frame, row after row) and returns each item's box.</summary>
    public static async Task<(byte[] Pixels, IReadOnlyList<IReadOnlyList<int[]>> Boxes)> RenderAsync(int width, int height, IReadOnlyList<TextFrame> frames, string folder)
    {
        Directory.CreateDirectory(folder);
        var output = Path.Combine(folder, $"render-{Guid.NewGuid():N}.raw");
        var spec = JsonSerializer.Serialize(new
        {
            width,
            height,
            output,
            frames = frames.Select(f => new
            {
                background = f.Background,
                items = f.Items.Select(i => new { x = i.X, y = i.Y, size = i.Size, font = i.Font, text = i.Text, fill = i.Fill }),
            }),
        });
        // Debian's interpreter, where python3-pil installs Pillow (another python3 may come first on PATH).
        var result = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", Script, spec]);
        result.ExitCode.Should().Be(0, result.ToString());
        var boxes = JsonSerializer.Deserialize<int[][][]>(result.StandardOutput)!;
        var pixels = await File.ReadAllBytesAsync(output);
        File.Delete(output);
        return (pixels, boxes.Select(f => (IReadOnlyList<int[]>)f).ToList());
    }

    /// <summary>One frame to draw: a background level and the text on it.</summary>
    internal sealed record TextFrame(int Background, IReadOnlyList<TextItem> Items);

    /// <summary>A line of text at (<paramref name="X"/>, <paramref name="Y"/>), <paramref name="Size"/> pixels, grey level <paramref name="Fill"/>.</summary>
    internal sealed record TextItem(int X, int Y, int Size, string Font, string Text, int Fill)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Text}@{Size}px");
    }
}
