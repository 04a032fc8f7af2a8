namespace DicomPipeline.Pipeline;

/// <summary>The outcome of a run.</summary>
public sealed class PipelineResult
{
    internal PipelineResult(ProcessingReport report, string outputDirectory, TimeSpan elapsed)
    {
        Report = report;
        OutputDirectory = outputDirectory;
        Elapsed = elapsed;
    }

    /// <summary>The report also written to <c>report.json</c>.</summary>
    public ProcessingReport Report { get; }

    /// <summary>The output folder.</summary>
    public string OutputDirectory { get; }

    /// <summary>How long the run took.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Files found in the input folder.</summary>
    public int FilesFound => Report.FilesFound;

    /// <summary>Instances stored.</summary>
    public int Stored => Report.Stored;

    /// <summary>Files skipped.</summary>
    public int Skipped => Report.Skipped;

    /// <summary>Instances held back.</summary>
    public int HeldBack => Report.HeldBack;

    /// <summary>Instances that failed.</summary>
    public int Failed => Report.Failed;

    /// <summary>
    /// True when every file found was stored, passed the verification when asked, and reached every destination (sent
    /// or already there): an instance a destination refused or did not get makes the run incomplete.
    /// </summary>
    public bool IsComplete => Skipped == 0 && HeldBack == 0 && Failed == 0 && Report.Destinations.All(d => d.Refused == 0 && d.NotSent == 0);
}
