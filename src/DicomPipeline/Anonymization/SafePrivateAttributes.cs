using System.Collections.Frozen;
using System.Globalization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization;

/// <summary>
/// The Retain Safe Private Option: which private attributes may stay. The standard's own list, PS3.15 Annex E Table
/// E.3.10-1 (vendored as <c>eng/deidentification/safe-private-attributes.tsv</c>, by group, creator and element), plus
/// the site's additions in <see cref="AnonymizationOptions.SafePrivateTags"/>. A site can add creators, never take the
/// standard's away; every kept private value still goes through the known-identifier sweep.
/// </summary>
internal static class SafePrivateAttributes
{
    private static readonly Lazy<FrozenSet<(ushort Group, string Creator, byte Element)>> Standard = new(LoadStandard);

    /// <summary>How many entries the standard's table has (for tests).</summary>
    internal static int StandardCount => Standard.Value.Count;

    /// <summary>
    /// Whether a private attribute is one of <see cref="AnonymizationOptions.SafePrivateTags"/> under its own private
    /// creator, with <see cref="AnonymizationOptions.RetainSafePrivate"/> on; <paramref name="creatorTag"/> is then the
    /// creator element the block needs.
    /// </summary>
    public static bool IsSafe(DicomDataset dataset, DicomTag tag, AnonymizationOptions options, out DicomTag creatorTag)
    {
        creatorTag = default;
        if (!options.RetainSafePrivate || !tag.IsPrivate || tag.PrivateCreatorTag is not { } creator)
        {
            return false;
        }

        creatorTag = creator;
        var creatorName = ElementValues.ReadText(dataset, creator)?.Trim();
        if (string.IsNullOrEmpty(creatorName))
        {
            return false;
        }

        var offset = (byte)(tag.Element & 0xFF);
        if (Standard.Value.Contains((tag.Group, creatorName, offset)))
        {
            return true;
        }

        foreach (var safe in options.SafePrivateTags)
        {
            if (safe.Element == offset && string.Equals(safe.Creator.Trim(), creatorName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static FrozenSet<(ushort Group, string Creator, byte Element)> LoadStandard()
    {
        using var stream = typeof(SafePrivateAttributes).Assembly.GetManifestResourceStream("DicomPipeline.SafePrivateAttributes.tsv")
            ?? throw new InvalidOperationException("The safe private attributes table is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var entries = new HashSet<(ushort, string, byte)>();
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            // (7053,xx00)<TAB>Philips PET Private Group<TAB>DS<TAB>1<TAB>meaning
            var cells = line.Split('\t');
            if (cells.Length < 2 || cells[0].Length != 11)
            {
                continue;
            }

            var group = ushort.Parse(cells[0].AsSpan(1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var element = byte.Parse(cells[0].AsSpan(8, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            entries.Add((group, cells[1].Trim(), element));
        }

        return entries.ToFrozenSet();
    }
}
