using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization;

/// <summary>The Retain Safe Private Option: which private attributes may stay.</summary>
internal static class SafePrivateAttributes
{
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
        foreach (var safe in options.SafePrivateTags)
        {
            if (safe.Element == offset && string.Equals(safe.Creator.Trim(), creatorName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
