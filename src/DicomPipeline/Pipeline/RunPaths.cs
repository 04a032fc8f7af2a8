namespace DicomPipeline.Pipeline;

/// <summary>The folders of one run, checked: the output, audit and quarantine folders never overlap the input or each other.</summary>
internal sealed record RunPaths(string Input, string Output, string? Audit, string? Quarantine)
{
    /// <exception cref="PipelineException">A folder is missing, or lies inside another it must be apart from.</exception>
    public static RunPaths Check(PipelineRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.InputDirectory))
        {
            throw new PipelineException("No input folder was given.");
        }

        if (!Directory.Exists(request.InputDirectory))
        {
            throw new PipelineException($"The input folder '{request.InputDirectory}' does not exist.");
        }

        if (string.IsNullOrWhiteSpace(request.OutputDirectory))
        {
            throw new PipelineException("No output folder was given.");
        }

        var input = Path.GetFullPath(request.InputDirectory);
        var output = Path.GetFullPath(request.OutputDirectory);
        if (IsInside(output, input))
        {
            throw new PipelineException($"The output folder '{request.OutputDirectory}' is inside the input folder '{request.InputDirectory}': the pipeline never writes into its input.");
        }

        string? audit = null;
        if (request.AuditDirectory is not null)
        {
            audit = Path.GetFullPath(request.AuditDirectory);
            if (Overlaps(audit, output) || IsInside(audit, input))
            {
                throw new PipelineException($"The audit folder '{request.AuditDirectory}' must be separate from the input and output folders: it holds original identifiers.");
            }
        }

        string? quarantine = null;
        if (request.Verify)
        {
            quarantine = Path.GetFullPath(request.QuarantineDirectory ?? Path.TrimEndingDirectorySeparator(output) + "-quarantine");
            if (Overlaps(quarantine, output) || IsInside(quarantine, input) || (audit is not null && Overlaps(quarantine, audit)))
            {
                throw new PipelineException($"The quarantine folder '{quarantine}' must be separate from the input, output and audit folders.");
            }
        }

        return new RunPaths(input, output, audit, quarantine);
    }

    /// <summary>Whether <paramref name="candidate"/> is <paramref name="folder"/> or lies below it (ordinal, full paths).</summary>
    public static bool IsInside(string candidate, string folder) =>
        FullDirectory(candidate).StartsWith(FullDirectory(folder), StringComparison.Ordinal);

    public static bool Overlaps(string a, string b) => IsInside(a, b) || IsInside(b, a);

    private static string FullDirectory(string path) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)) + Path.DirectorySeparatorChar;
}
