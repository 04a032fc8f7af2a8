using DicomPipeline.Verification;

namespace DicomPipeline.Pipeline;

/// <summary>
/// Checks each stored instance against its original for identifying data that survived; an instance with findings is
/// moved out of the output folder by the store, into the quarantine folder, and held back. Runs unless a run asks not
/// to (<see cref="PipelineRequest.Verify"/> = false), and only on de-identified output; a pipeline from configuration
/// verifies only the runs that ask (<paramref name="verifyByDefault"/> false) unless its options say always.
/// </summary>
internal sealed class VerifyStep(IDeidentificationVerifier? verifier, string? quarantineDirectory, bool verifyByDefault = true) : PipelineStep
{
    public override string Name => "verify";

    public override int Order => 4;

    public override void Validate(IReadOnlyList<PipelineStep> steps)
    {
        if (!steps.Any(s => s is DeidentifyStep))
        {
            throw new InvalidOperationException("Verify() checks de-identified output: call Anonymize(...) as well.");
        }
    }

    public override ValueTask PrepareAsync(PipelineRun run, CancellationToken cancellationToken)
    {
        if (!(run.Request.Verify ?? verifyByDefault))
        {
            return ValueTask.CompletedTask;
        }

        if (!run.Deidentifies)
        {
            if (run.Request.Verify == true)
            {
                throw new PipelineException("Verifying checks de-identified output: turn de-identification on, or verification off.");
            }

            return ValueTask.CompletedTask;
        }

        if (verifier is null)
        {
            throw new PipelineException("Verifying needs a de-identification verifier (IDeidentificationVerifier); none is configured.");
        }

        var output = run.OutputDirectory!;
        var quarantine = Path.GetFullPath(run.Request.QuarantineDirectory ?? quarantineDirectory ?? Path.TrimEndingDirectorySeparator(output) + "-quarantine");
        if (RunPaths.Overlaps(quarantine, output) || RunPaths.IsInside(quarantine, run.InputDirectory) || (run.AuditDirectory is { } audit && RunPaths.Overlaps(quarantine, audit)))
        {
            throw new PipelineException($"The quarantine folder '{quarantine}' must be separate from the input, output and audit folders.");
        }

        run.SetPart(this, quarantine);
        return ValueTask.CompletedTask;
    }

    public override ValueTask<StepRun?> StartAsync(PipelineRun run, CancellationToken cancellationToken) =>
        ValueTask.FromResult<StepRun?>(run.GetPart<string>(this) is { } quarantine
            ? new Part(new VerifyStage(verifier!, run.Store!, run.OutputDirectory!, quarantine, run.Outcomes))
            : null);

    private sealed class Part(VerifyStage stage) : StepRun
    {
        public override IPipelineStage FileStage => stage;

        public override ProcessingReport AddToReport(ProcessingReport report) => report with { Verified = true };
    }
}
