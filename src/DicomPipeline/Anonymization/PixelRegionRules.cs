using System.Globalization;
using DicomPipeline.Dicom;
using DicomPipeline.Redaction;

namespace DicomPipeline.Anonymization;

/// <summary>
/// The site rules that name pixel regions (<see cref="AnonymizationRule.PixelRegions"/>), compiled once: the
/// rectangles the Clean Pixel Data option blanks in every frame of the images whose device matches, whatever OCR finds.
/// </summary>
internal sealed class PixelRegionRules
{
    private readonly (PixelDeviceSignature Device, PixelBox[] Boxes)[] _rules;

    private PixelRegionRules((PixelDeviceSignature, PixelBox[])[] rules) => _rules = rules;

    /// <summary>Whether <paramref name="rule"/> is a pixel rule (it names regions), not an attribute rule.</summary>
    public static bool IsPixelRule(AnonymizationRule rule) => rule.PixelRegions is { Count: > 0 };

    /// <summary>Compiles the pixel rules among <paramref name="rules"/>.</summary>
    /// <exception cref="InvalidOperationException">A region is not "left,top,width,height" of non-negative integers with a positive size, or the rule also selects attributes.</exception>
    public static PixelRegionRules Compile(IList<AnonymizationRule> rules)
    {
        var compiled = new List<(PixelDeviceSignature, PixelBox[])>();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (rule is null || !IsPixelRule(rule))
            {
                continue;
            }

            compiled.Add((rule.Device ?? new PixelDeviceSignature(), [.. rule.PixelRegions!.Select(r => Parse(r, rule.Describe(i)))]));
        }

        return new PixelRegionRules([.. compiled]);
    }

    /// <summary>Checks a pixel rule: regions well formed, no attribute selected.</summary>
    /// <exception cref="InvalidOperationException">The message names the rule and what is wrong.</exception>
    public static void Check(AnonymizationRule rule, string name)
    {
        if (new[] { rule.Keyword, rule.Tag, rule.Group, rule.Range, rule.PrivateCreator, rule.VR }.Any(f => !string.IsNullOrWhiteSpace(f)))
        {
            throw new InvalidOperationException($"Anonymization {name} names pixel regions and attributes: a rule does one or the other.");
        }

        foreach (var region in rule.PixelRegions!)
        {
            Parse(region, name);
        }
    }

    /// <summary>The regions to blank in <paramref name="dataset"/>'s frames: those of every rule whose device matches.</summary>
    public IReadOnlyList<PixelBox> Find(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var boxes = new List<PixelBox>();
        foreach (var (device, regions) in _rules)
        {
            if (Matches(device, dataset))
            {
                boxes.AddRange(regions);
            }
        }

        return boxes;
    }

    private static bool Matches(PixelDeviceSignature device, DicomDataset dataset) =>
        Same(device.Modality, dataset.GetString(DicomTag.Modality))
        && Same(device.Manufacturer, dataset.GetString(new DicomTag(0x00080070)))
        && Same(device.ManufacturerModelName, dataset.GetString(new DicomTag(0x00081090)))
        && Same(device.SopClassUid, dataset.GetString(DicomTag.SOPClassUID))
        && (device.Rows is null || dataset.GetNumberOrDefault(DicomTag.Rows, -1) == device.Rows)
        && (device.Columns is null || dataset.GetNumberOrDefault(DicomTag.Columns, -1) == device.Columns);

    private static bool Same(string? wanted, string? actual) =>
        wanted is null || string.Equals(wanted.Trim(), actual?.Trim(' ', '\0'), StringComparison.OrdinalIgnoreCase);

    private static PixelBox Parse(string region, string name)
    {
        var parts = (region ?? string.Empty).Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 4
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var left)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var top)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            || width == 0 || height == 0)
        {
            throw new InvalidOperationException($"Anonymization {name} has a pixel region that is not 'left,top,width,height' in pixels.");
        }

        return new PixelBox(left, top, left + width, top + height);
    }
}
