namespace DicomPipeline.Csv;

/// <summary>What happens to an image whose key has no row in the CSV.</summary>
public enum CsvUnmatchedPolicy
{
    /// <summary>The image is held back (not written) and reported. The default: an image without its trial identity is not released.</summary>
    HoldBack = 0,

    /// <summary>The image is passed on with the pseudonym the anonymizer derived, without CSV values.</summary>
    PassWithPseudonym = 1,
}
