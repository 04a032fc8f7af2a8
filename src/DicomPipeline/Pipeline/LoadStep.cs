using DicomPipeline.Loading;

namespace DicomPipeline.Pipeline;

/// <summary>
/// The first step: the loader walks the run's input folder and hands the files to the workers, which read them (its
/// file stage; with a loader of the application's own, the loader reads them). Beside it, the files are counted, so
/// progress has a total before the first file is done (not for a shard, which takes an unknown part of the folder).
/// </summary>
internal sealed class LoadStep(IDicomLoader loader) : PipelineStep
{
    public override string Name => LoadStage.Name;

    public override int Order => 0;

    public override ValueTask<StepRun?> StartAsync(PipelineRun run, CancellationToken cancellationToken) =>
        ValueTask.FromResult<StepRun?>(new Part(new LoadStage(loader, run.Outcomes, run.Progress, run.Logger, run.Request.Shard), run));

    private sealed class Part : StepRun, IPipelineSource, IPipelineStage
    {
        private readonly LoadStage _stage;
        private readonly PipelineRun _run;
        private readonly Task _counting;

        public Part(LoadStage stage, PipelineRun run)
        {
            _stage = stage;
            _run = run;
            // The count is for the progress reports' total: with nobody to report to, the folder is not walked twice.
            _counting = run.Request.Shard is null && run.Progress is not null ? Task.Run(() => CountFiles(run), run.Stopping) : Task.CompletedTask;
        }

        public override IPipelineSource Source => this;

        public override IPipelineStage? FileStage => _stage.WorkersRead ? this : null;

        string IPipelineStage.Name => LoadStage.Name;

        public IAsyncEnumerable<PipelineItem> ItemsAsync(CancellationToken cancellationToken) => _stage.ItemsAsync(_run.InputDirectory, cancellationToken);

        public ValueTask<bool> ProcessAsync(PipelineItem item, CancellationToken cancellationToken) => _stage.ReadAsync(item, _run.InputDirectory, cancellationToken);

        // Every file has been found and read: the count is now exact, whatever the first walk saw.
        public override void NoMoreItems() => _run.Outcomes.SetTotal(_run.Outcomes.Found, final: true);

        /// <summary>The count ends before the run does, so no progress report arrives after the run's result.</summary>
        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync().ConfigureAwait(false);
            try
            {
                await _counting.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The run was stopped before the count began.
            }
        }

        /// <summary>
        /// Counts the regular files below the input folder without following links, as the loader does; unreadable
        /// folders are passed over (the loader reports them). Only a hint for progress: the load stage's count is the
        /// run's.
        /// </summary>
        private static void CountFiles(PipelineRun run)
        {
            var options = new EnumerationOptions
            {
                RecurseSubdirectories = true,
                IgnoreInaccessible = true,
                AttributesToSkip = FileAttributes.ReparsePoint,
                ReturnSpecialDirectories = false,
            };
            var count = 0;
            try
            {
                foreach (var _ in Directory.EnumerateFiles(run.InputDirectory, "*", options))
                {
                    if (run.Stopping.IsCancellationRequested)
                    {
                        return;
                    }

                    count++;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return;
            }

            run.Outcomes.SetTotal(count, final: false);
            run.ReportProgress();
        }
    }
}
