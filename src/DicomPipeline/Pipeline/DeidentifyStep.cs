using DicomPipeline.Anonymization;

namespace DicomPipeline.Pipeline;

/// <summary>
/// De-identifies each instance with the PS3.15 profile and the options set. A run asks to skip it with
/// <see cref="PipelineRequest.Anonymize"/> = false; the anonymizer is made per run, so a clinical CSV's identities
/// become the pseudonyms, and a missing secret stops only the runs that de-identify.
/// </summary>
/// <param name="anonymizerForRun">
/// The anonymizer for a run and the options it was made with, given the CSV's identities (or null) and the request's
/// Clean Pixel Data choice (or null); throws <see cref="InvalidOperationException"/> when the options are invalid.
/// </param>
internal sealed class DeidentifyStep(Func<IPatientIdentityProvider?, bool?, (IAnonymizer Anonymizer, AnonymizationOptions Options)> anonymizerForRun) : PipelineStep
{
    public const string StepName = "deidentify";

    public override string Name => StepName;

    public override int Order => 1;

    public override ValueTask PrepareAsync(PipelineRun run, CancellationToken cancellationToken)
    {
        run.Deidentifies = run.Request.Anonymize != false;
        return ValueTask.CompletedTask;
    }

    public override ValueTask<StepRun?> StartAsync(PipelineRun run, CancellationToken cancellationToken)
    {
        if (!run.Deidentifies)
        {
            return ValueTask.FromResult<StepRun?>(null);
        }

        IAnonymizer anonymizer;
        AnonymizationOptions used;
        try
        {
            (anonymizer, used) = anonymizerForRun(run.CsvIdentities, run.Request.CleanPixelData);
        }
        catch (InvalidOperationException ex)
        {
            throw new PipelineException(ex.Message, ex);
        }

        var stage = new DeidentifyStage(anonymizer, run.Outcomes, ownsInstances: !run.ReadsOriginalAfterDeidentification);
        return ValueTask.FromResult<StepRun?>(new Part(stage, used, run.Outcomes));
    }

    private sealed class Part(DeidentifyStage stage, AnonymizationOptions options, RunOutcomes outcomes) : StepRun
    {
        public override IPipelineStage FileStage => stage;

        public override ProcessingReport AddToReport(ProcessingReport report) => report with
        {
            Anonymized = true,
            ProfileEdition = ConfidentialityProfileTable.Edition,
            Options = RunRecords.EnabledOptions(options),
            ImagesScanned = outcomes.ImagesScanned,
            ImagesRedacted = outcomes.ImagesRedacted,
            PixelBoxesBlanked = outcomes.PixelBoxesBlanked,
            Swept = outcomes.SweptCounts(),
        };
    }
}
