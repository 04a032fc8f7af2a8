using DicomPipeline.Destinations;
using DicomPipeline.Pipeline;
using Microsoft.Extensions.Logging;

namespace DicomPipeline;

/// <summary>
/// Builds a pipeline for a script from steps, in a few lines:
/// <c>DicomPipelineBuilder.Create().LoadFrom(input).Anonymize(o =&gt; o.Secret = secret).SaveTo(output).Verify().SendTo(uri).Build()</c>.
/// The steps are extension methods (<see cref="DicomPipelineBuilderSteps"/>), each with an options type; they may be
/// called in any order and run as load → de-identify → merge CSV → store → verify → send. Each checks its arguments;
/// <see cref="Build"/> checks the whole, and a builder cannot be used again after it. What it builds is immutable and
/// serves any number of runs.
/// </summary>
public sealed class DicomPipelineBuilder
{
    private readonly List<PipelineStep> _steps = [];
    private readonly List<IDicomDestination> _destinations = [];
    private readonly List<IDicomDestination> _ownedDestinations = [];
    private int _parallelism;
    private ILoggerFactory? _loggerFactory;
    private TimeProvider _timeProvider = TimeProvider.System;
    private bool _built;

    private DicomPipelineBuilder()
    {
    }

    /// <summary>The input folder <see cref="DicomPipelineBuilderSteps.LoadFrom"/> named: what <see cref="PipelineJob.RunAsync(IProgress{PipelineProgress}?, CancellationToken)"/> reads.</summary>
    internal string? DefaultInput { get; set; }

    /// <summary>Starts a builder.</summary>
    /// <returns>A new builder.</returns>
    public static DicomPipelineBuilder Create() => new();

    /// <summary>How many files to process at once (default: one per core).</summary>
    /// <param name="workers">At least 1.</param>
    /// <returns>This builder.</returns>
    public DicomPipelineBuilder WithParallelism(int workers)
    {
        ThrowIfBuilt();
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        _parallelism = workers;
        return this;
    }

    /// <summary>Logs through the given factory (counts and reasons only; never patient data).</summary>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <returns>This builder.</returns>
    public DicomPipelineBuilder WithLogging(ILoggerFactory loggerFactory)
    {
        ThrowIfBuilt();
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _loggerFactory = loggerFactory;
        return this;
    }

    /// <summary>The clock for the report's timestamps and timings.</summary>
    /// <param name="timeProvider">The clock.</param>
    /// <returns>This builder.</returns>
    public DicomPipelineBuilder WithTimeProvider(TimeProvider timeProvider)
    {
        ThrowIfBuilt();
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        return this;
    }

    /// <summary>Checks the steps together and makes the pipeline. The builder cannot be used again.</summary>
    /// <returns>The pipeline, ready to run as often as needed; dispose it to close the destinations it made from addresses.</returns>
    /// <exception cref="InvalidOperationException">
    /// No input or output folder was given, a step was added twice, the loader reads headers only, anonymization has no
    /// secret (or one too short), verification was asked without anonymization, or the builder was already built.
    /// </exception>
    public PipelineJob Build()
    {
        ThrowIfBuilt();
        IReadOnlyList<PipelineStep> steps = PipelineSteps.Check([.. _steps, new SendStep([.. _destinations])]);
        _built = true;
        var runner = new DicomPipelineRunner(steps, _parallelism, _timeProvider, _loggerFactory?.CreateLogger<DicomPipelineRunner>());
        return new PipelineJob(runner, DefaultInput, [.. _ownedDestinations]);
    }

    /// <summary>Adds a step (the extension methods' way in).</summary>
    internal DicomPipelineBuilder Add(PipelineStep step)
    {
        ThrowIfBuilt();
        _steps.Add(step);
        return this;
    }

    /// <summary>Adds a destination to the send step; <paramref name="owned"/> when the pipeline made it and disposes it.</summary>
    internal DicomPipelineBuilder AddDestination(IDicomDestination destination, bool owned)
    {
        ThrowIfBuilt();
        _destinations.Add(destination);
        if (owned)
        {
            _ownedDestinations.Add(destination);
        }

        return this;
    }

    /// <summary>Why a header-only loader cannot feed the pipeline; the options validator says the same.</summary>
    internal const string HeaderOnlyRefused =
        "HeaderOnly reads no pixel data, and the pipeline stores whole instances: turn it off (it is for listing and grouping).";

    internal void ThrowIfBuilt()
    {
        if (_built)
        {
            throw new InvalidOperationException("This builder was already built; start a new one with DicomPipelineBuilder.Create().");
        }
    }
}
