using System.Collections.Frozen;
using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization;

/// <summary>
/// Table E.1-1 resolved once for a set of options: the action for any tag. A row's option column overrides the basic
/// profile when its option is on; when several enabled options have an entry for a row, Clean wins over Keep (the
/// stricter, see docs/anonymization.md). The combined codes are resolved without the IOD Type, to the least removing
/// choice: the file stays valid whatever the attribute's Type, and the value left carries no identity.
/// </summary>
internal sealed class ConfidentialityProfileActions
{
    private readonly FrozenDictionary<uint, ProfileAction> _exact;
    private readonly (uint Tag, uint Mask, ProfileAction Action)[] _repeating;
    private readonly ProfileAction _private;
    private readonly FrozenSet<uint> _plainDummies;

    public ConfidentialityProfileActions(AnonymizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var exact = new Dictionary<uint, ProfileAction>();
        var repeating = new List<(uint, uint, ProfileAction)>();
        var plainDummies = new HashSet<uint>();
        _private = ProfileAction.Remove;
        foreach (var row in ConfidentialityProfileTable.Rows)
        {
            var code = ResolveCode(row, options);
            var action = Parse(code);
            if (code == "D" && row.Mask == uint.MaxValue)
            {
                plainDummies.Add(row.Tag);
            }

            if (row.IsOddGroupRow)
            {
                _private = action;
            }
            else if (row.Mask == uint.MaxValue)
            {
                exact[row.Tag] = action;
            }
            else
            {
                repeating.Add((row.Tag, row.Mask, action));
            }
        }

        _exact = exact.ToFrozenDictionary();
        _repeating = [.. repeating];
        _plainDummies = plainDummies.ToFrozenSet();
    }

    /// <summary>
    /// Whether the table gives the tag a plain D (not X/D, Z/D or X/Z/D): the attribute is Type 1 wherever it is used,
    /// so a sequence keeps its items (their content de-identified) instead of losing them.
    /// </summary>
    public bool IsPlainDummy(DicomTag tag) => _plainDummies.Contains(tag.Value);

    /// <summary>The action for a tag; <see langword="null"/> for a standard attribute the table does not list (kept).</summary>
    public ProfileAction? Find(DicomTag tag)
    {
        if ((tag.Group & 1) == 1)
        {
            return _private;
        }

        if (_exact.TryGetValue(tag.Value, out var action))
        {
            return action;
        }

        // 50xx and 60xx are repeating groups only for the even groups 5000-501E / 6000-601E (PS3.5 7.6).
        var group = tag.Group;
        if ((group & 0xFF00) is 0x5000 or 0x6000 && (group & 0x00FF) <= 0x1E)
        {
            foreach (var (rowTag, mask, rowAction) in _repeating)
            {
                if ((tag.Value & mask) == rowTag)
                {
                    return rowAction;
                }
            }
        }

        return null;
    }

    internal static ProfileAction Resolve(ConfidentialityProfileRow row, AnonymizationOptions options) => Parse(ResolveCode(row, options));

    private static string ResolveCode(ConfidentialityProfileRow row, AnonymizationOptions options)
    {
        string? chosen = null;
        foreach (var option in ProfileOptions.All)
        {
            Choose(option.IsEnabled(options), option.Column(row), ref chosen);
        }

        return chosen ?? row.BasicProfile;
    }

    internal static ProfileAction Parse(string code) => code switch
    {
        "K" => ProfileAction.Keep,
        "X" => ProfileAction.Remove,
        "Z" or "X/Z" => ProfileAction.ZeroLength,
        "D" or "X/D" or "Z/D" or "X/Z/D" => ProfileAction.Dummy,
        "C" => ProfileAction.Clean,
        "U" => ProfileAction.ReplaceUid,
        "X/Z/U*" => ProfileAction.ReplaceUidsWithin,
        _ => throw new InvalidOperationException($"Unknown PS3.15 action code '{code}'."),
    };

    private static void Choose(bool enabled, string? entry, ref string? chosen)
    {
        if (!enabled || entry is null)
        {
            return;
        }

        chosen = chosen is null || entry == "C" ? entry : chosen;
    }
}
