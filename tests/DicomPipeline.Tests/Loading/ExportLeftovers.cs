using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Loading;

/// <summary>
/// What a real export carries beside its images: a README, a DICOMDIR, thumbnails, a PDF and the litter of desktop file
/// managers. Each file begins with its format's own signature bytes, so it is what its name says.
/// </summary>
internal static class ExportLeftovers
{
    /// <summary>The files written that are not DICOM, by name.</summary>
    public static readonly string[] NotDicom = ["README.TXT", "thumbnail.jpg", "preview.png", "report.pdf", ".DS_Store", "Thumbs.db"];

    /// <summary>The DICOM files written that are not instances.</summary>
    public static readonly string[] NotInstances = ["DICOMDIR"];

    /// <summary>Writes the leftovers into <paramref name="folder"/>.</summary>
    public static async Task WriteAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "README.TXT"), "This disc holds the images of one study.\r\nOpen them with any DICOM viewer.\r\n");
        await File.WriteAllBytesAsync(Path.Combine(folder, "thumbnail.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF"u8, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9]);
        await File.WriteAllBytesAsync(Path.Combine(folder, "preview.png"), [0x89, .. "PNG"u8, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, .. "IHDR"u8, 0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
        await File.WriteAllTextAsync(Path.Combine(folder, "report.pdf"), "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        await File.WriteAllBytesAsync(Path.Combine(folder, ".DS_Store"), [0x00, 0x00, 0x00, 0x01, .. "Bud1"u8, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x08, 0x00]);
        await File.WriteAllBytesAsync(Path.Combine(folder, "Thumbs.db"), [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);

        // A real DICOMDIR: a Part 10 file of the Media Storage Directory Storage SOP Class.
        var directory = new DicomDataset();
        directory.SetString(DicomTag.SOPClassUID, "1.2.840.10008.1.3.10");
        directory.SetString(DicomTag.SOPInstanceUID, "1.2.826.0.1.3680043.10.1234.1");
        await new DicomFile(directory).SaveAsync(Path.Combine(folder, "DICOMDIR"));
    }

    /// <summary>Writes the first third of <paramref name="dicomFile"/> (its preamble, DICM and meta intact) as <paramref name="path"/>.</summary>
    public static async Task WriteTruncatedAsync(string dicomFile, string path)
    {
        var bytes = await File.ReadAllBytesAsync(dicomFile);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 3)]);
    }
}
