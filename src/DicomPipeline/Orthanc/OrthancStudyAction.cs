namespace DicomPipeline.Orthanc;

/// <summary>What a server chore of <c>OrthancStudyChores</c> did with one study.</summary>
public enum OrthancStudyAction
{
    /// <summary>The study failed; <see cref="OrthancStudyOutcome.Error"/> says why.</summary>
    Failed = 0,

    /// <summary>The study was deleted.</summary>
    Deleted,

    /// <summary>Dry run: the study would be deleted.</summary>
    WouldDelete,

    /// <summary>The study was gone before it could be deleted.</summary>
    NotFound,

    /// <summary>An anonymized copy was made; its ID is <see cref="OrthancStudyOutcome.CopyStudyId"/>.</summary>
    Copied,

    /// <summary>The study already had a complete anonymized copy; nothing was made.</summary>
    AlreadyCopied,

    /// <summary>The study is itself an anonymized copy; nothing was made.</summary>
    IsCopy,
}
