using DicomPipeline.Pipeline;

namespace DicomPipeline.Receiving;

/// <summary>One study the receiver processed: how many instances, where the output went, and the pipeline's result or why it failed. No patient data.</summary>
/// <param name="Number">The study's number in this receiver's life, from 1.</param>
/// <param name="Instances">How many instances were in the study's spool folder.</param>
/// <param name="OutputDirectory">The output folder made for this study.</param>
/// <param name="Result">The pipeline's result, or <see langword="null"/> when the run failed.</param>
/// <param name="Error">Why the run failed (one line), or <see langword="null"/>.</param>
public sealed record ReceivedStudy(int Number, int Instances, string OutputDirectory, PipelineResult? Result, string? Error);
