using DicomPipeline.Dicom;
using DicomPipeline.Loading;
using DicomPipeline.Testing;

namespace DicomPipeline.Tests.Loading;

public sealed class FolderDicomLoaderTests : IDisposable
{
    private const int CorpusFiles = 8; // 2 patients x 1 study x 2 series x 2 instances

    private readonly string _base = Path.Combine(Path.GetTempPath(), "dp-load-" + Guid.NewGuid().ToString("N"));

    public FolderDicomLoaderTests()
    {
        Root = Path.Combine(_base, "in");
        // A sibling whose name starts with the root's: a prefix test without a trailing separator would call it inside.
        Outside = Path.Combine(_base, "in-outside");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Outside);
    }

    private string Root { get; }

    private string Outside { get; }

    public void Dispose()
    {
        if (Directory.Exists(_base))
        {
            Directory.Delete(_base, recursive: true);
        }
    }

    [Fact]
    public async Task LoadAsync_MixedFolder_LoadsInstancesAndReportsEachSkip()
    {
        await BuildMixedFolderAsync();

        var entries = await LoadAllAsync(new FolderDicomLoader(), Root);

        entries.Where(e => !e.IsSkipped).Should().HaveCount(CorpusFiles + 1);
        var skips = entries.Where(e => e.IsSkipped).ToDictionary(e => Path.GetFileName(e.Path), e => e.Skip!);
        skips.Keys.Should().BeEquivalentTo("notes.txt", "empty.dat", "truncated.dcm", "media.dcm", "DICOMDIR", "link-outside.dcm", "linkdir-outside");
        skips["notes.txt"].Reason.Should().StartWith("not DICOM");
        skips["empty.dat"].Reason.Should().Contain("empty");
        skips["empty.dat"].Offset.Should().Be(0);
        skips["truncated.dcm"].Reason.Should().StartWith("damaged DICOM");
        skips["truncated.dcm"].Offset.Should().BeGreaterThan(132);
        skips.Where(s => s.Value.Kind == SkipKind.NotDicom).Select(s => s.Key).Should().BeEquivalentTo("notes.txt", "empty.dat");
        skips.Where(s => s.Value.Kind == SkipKind.NotAnInstance).Select(s => s.Key).Should().BeEquivalentTo("media.dcm", "DICOMDIR");
        skips.Where(s => s.Value.Kind == SkipKind.Problem).Select(s => s.Key).Should().BeEquivalentTo("truncated.dcm", "link-outside.dcm", "linkdir-outside");
        skips["media.dcm"].Reason.Should().Contain("DICOMDIR");
        skips["DICOMDIR"].Reason.Should().Contain("DICOMDIR");
        skips["link-outside.dcm"].Reason.Should().Contain("outside the input folder").And.Contain("not followed");
        skips["link-outside.dcm"].Offset.Should().BeNull();
        skips["linkdir-outside"].Reason.Should().Contain("not descended");
        entries.Should().OnlyContain(e => !e.Path.Contains("in-outside", StringComparison.Ordinal), "nothing outside the root is read");
    }

    [Fact]
    public async Task LoadAsync_ExportLeftoversBesideInstances_NotDicomOrNotAnInstanceAndTheDamagedFileAProblem()
    {
        var written = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = 2 }).WriteAsync(Path.Combine(Root, "images"));
        await ExportLeftovers.WriteAsync(Root);
        await ExportLeftovers.WriteTruncatedAsync(written.Files[0], Path.Combine(Root, "cut.dcm"));

        // A bare implicit VR dataset (no preamble, no DICM) claims DICOM by its first element: cut short, it is damaged.
        var bare = new MemoryStream();
        await DicomWriter.WriteDatasetAsync(bare, DicomFile.Open(written.Files[1]).Dataset, DicomTransferSyntax.ImplicitVRLittleEndian, CancellationToken.None);
        await File.WriteAllBytesAsync(Path.Combine(Root, "bare-cut"), bare.ToArray()[..(int)(bare.Length / 2)]);

        var entries = await LoadAllAsync(new FolderDicomLoader(), Root);

        entries.Count(e => !e.IsSkipped).Should().Be(written.Files.Count);
        var kinds = entries.Where(e => e.IsSkipped).ToDictionary(e => Path.GetFileName(e.Path), e => e.Skip!.Kind);
        kinds.Where(k => k.Value == SkipKind.NotDicom).Select(k => k.Key).Should().BeEquivalentTo(ExportLeftovers.NotDicom);
        kinds.Where(k => k.Value == SkipKind.NotAnInstance).Select(k => k.Key).Should().BeEquivalentTo(ExportLeftovers.NotInstances);
        kinds.Where(k => k.Value == SkipKind.Problem).Select(k => k.Key).Should().BeEquivalentTo("cut.dcm", "bare-cut");
    }

    [Fact]
    public async Task LoadAsync_NamedPipeAndALinkToIt_AreSkippedWithoutBeingOpened()
    {
        // Opening a pipe for reading waits for a writer that never comes: the run would hang, deaf to cancellation.
        var written = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = 1 }).WriteAsync(Root);
        var pipe = Path.Combine(Root, "zz.pipe");
        NamedPipes.Make(pipe);
        File.CreateSymbolicLink(Path.Combine(Root, "zz.link"), pipe);

        var entries = await Task.Run(() => LoadAllAsync(new FolderDicomLoader(), Root)).WaitAsync(TimeSpan.FromSeconds(20));

        entries.Where(e => !e.IsSkipped).Should().HaveCount(written.Files.Count);
        var skips = entries.Where(e => e.IsSkipped).ToDictionary(e => Path.GetFileName(e.Path), e => e.Skip!.Reason);
        skips.Keys.Should().BeEquivalentTo("zz.pipe", "zz.link");
        skips.Values.Should().AllSatisfy(reason => reason.Should().Contain("pipe, socket or device"));
    }

    [Fact]
    public async Task LoadAsync_FileNameNotValidUtf8_IsSkippedAndTheOthersLoad()
    {
        // A Latin-1 "Dürer.dcm" (byte 0xFC): .NET lists it with U+FFFD and cannot open it by that name. It stopped the
        // whole run (the third outside hunt's M11); only that file may fail.
        var written = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = 1 }).WriteAsync(Root);
        await ShellAsync("cp \"$1\" \"$2/$(printf 'D\\374rer.dcm')\"", written.Files[0], Root);
        try
        {
            var entries = await LoadAllAsync(new FolderDicomLoader(), Root);

            entries.Where(e => !e.IsSkipped).Should().HaveCount(written.Files.Count);
            entries.Where(e => e.IsSkipped).Should().ContainSingle().Which.Skip!.Reason.Should().Contain("not valid UTF-8");
        }
        finally
        {
            // .NET cannot delete it by name either.
            await ShellAsync("rm -f \"$1/$(printf 'D\\374rer.dcm')\"", Root, string.Empty);
        }
    }

    private static async Task ShellAsync(string script, string first, string second)
    {
        using var shell = System.Diagnostics.Process.Start("/bin/sh", ["-c", script, "sh", first, second])!;
        await shell.WaitForExitAsync();
        shell.ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task LoadAsync_SymlinkInsideRoot_IsFollowed()
    {
        await BuildMixedFolderAsync();

        var entries = await LoadAllAsync(new FolderDicomLoader(), Root);

        var link = entries.Single(e => Path.GetFileName(e.Path) == "link-inside.dcm");
        link.IsSkipped.Should().BeFalse();
        link.File!.Dataset.GetString(DicomTag.SOPInstanceUID).Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task LoadAsync_SameFolderTwice_YieldsOrdinalPathOrder()
    {
        await BuildMixedFolderAsync();
        var loader = new FolderDicomLoader();

        var first = (await LoadAllAsync(loader, Root)).Select(e => e.Path).ToList();
        var second = (await LoadAllAsync(loader, Root)).Select(e => e.Path).ToList();

        first.Should().Equal(second);
        first.Should().Equal(first.Order(StringComparer.Ordinal));
        first.Should().OnlyContain(p => Path.IsPathFullyQualified(p));
    }

    [Fact]
    public async Task LoadAsync_NamesThatSortAroundTheSeparator_YieldTheOrdinalOrderOfFullPaths()
    {
        // '-' and '.' sort before '/', '0' and 'b' after it: a walk that put a folder's files before its neighbours'
        // (or sorted the names without the separator) would give a different order from a sort of the full paths.
        var bytes = await File.ReadAllBytesAsync(await WriteOneInstanceAsync());
        string[] names = ["a/x.dcm", "a-b.dcm", "a.dcm", "a0.dcm", "a/b/y.dcm", "a/b.dcm", "ab/z.dcm", "b.dcm", "a.d/w.dcm"];
        foreach (var name in names)
        {
            var path = Path.Combine(Root, "t", name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, bytes);
        }

        var loaded = (await LoadAllAsync(new FolderDicomLoader(), Path.Combine(Root, "t"))).Select(e => e.Path).ToList();

        loaded.Should().Equal(names.Select(n => Path.Combine(Root, "t", n)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task LoadAsync_WalksOneFolderAtATime_NotTheWholeTreeBeforeTheFirstFile()
    {
        // A file put into a later folder after the first instance was handed out is found: the tree is listed as it is
        // walked, so a run of a million files never holds a million paths.
        var bytes = await File.ReadAllBytesAsync(await WriteOneInstanceAsync());
        Directory.CreateDirectory(Path.Combine(Root, "t", "a"));
        Directory.CreateDirectory(Path.Combine(Root, "t", "b"));
        await File.WriteAllBytesAsync(Path.Combine(Root, "t", "a", "1.dcm"), bytes);
        await File.WriteAllBytesAsync(Path.Combine(Root, "t", "b", "1.dcm"), bytes);

        var loaded = new List<string>();
        await foreach (var entry in new FolderDicomLoader().LoadAsync(Path.Combine(Root, "t")))
        {
            if (loaded.Count == 0)
            {
                await File.WriteAllBytesAsync(Path.Combine(Root, "t", "b", "2.dcm"), bytes);
            }

            loaded.Add(Path.GetRelativePath(Path.Combine(Root, "t"), entry.Path));
        }

        loaded.Should().Equal(Path.Combine("a", "1.dcm"), Path.Combine("b", "1.dcm"), Path.Combine("b", "2.dcm"));
    }

    private async Task<string> WriteOneInstanceAsync()
    {
        var written = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = 1, SeriesPerStudy = 1 }).WriteAsync(Path.Combine(_base, "one"));
        return written.Files[0];
    }

    [Fact]
    public async Task LoadAsync_DefaultOptions_KeepsPixelData()
    {
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, SeriesPerStudy = 1, InstancesPerSeries = 1 }).WriteAsync(Root);

        var entries = await LoadAllAsync(new FolderDicomLoader(), Root);

        entries.Single().File!.Dataset.Contains(DicomTag.PixelData).Should().BeTrue();
    }

    [Fact]
    public async Task LoadAsync_HeaderOnly_StopsBeforePixelData()
    {
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, SeriesPerStudy = 1, InstancesPerSeries = 1 }).WriteAsync(Root);

        var entries = await LoadAllAsync(new FolderDicomLoader(new DicomLoaderOptions { HeaderOnly = true }), Root);

        var dataset = entries.Single().File!.Dataset;
        dataset.Contains(DicomTag.PixelData).Should().BeFalse();
        dataset.GetString(DicomTag.PatientID).Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task GroupAsync_Corpus_CountsPatientsStudiesSeriesAndInstances()
    {
        var written = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 2, InstancesPerSeries = 2 }).WriteAsync(Root);
        await File.WriteAllTextAsync(Path.Combine(Root, "notes.txt"), "not an image, just some notes\n");

        var index = await new FolderDicomLoader().GroupAsync(Root);

        index.PatientCount.Should().Be(2);
        index.StudyCount.Should().Be(2);
        index.SeriesCount.Should().Be(4);
        index.InstanceCount.Should().Be(CorpusFiles);
        index.Patients.SelectMany(p => p.Studies).SelectMany(s => s.Series).Should().OnlyContain(s => s.InstancePaths.Count == 2);
        index.Patients.Select(p => p.PatientId).Should().BeEquivalentTo(written.PatientIds);
        index.Patients.SelectMany(p => p.Studies).SelectMany(s => s.Series).SelectMany(s => s.InstancePaths)
            .Should().BeEquivalentTo(written.Files);
        index.Skipped.Should().ContainSingle().Which.Path.Should().EndWith("notes.txt");
    }

    [Fact]
    public async Task LoadAsync_CancelledDuringWalk_Throws()
    {
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 2, InstancesPerSeries = 2 }).WriteAsync(Root);
        using var cts = new CancellationTokenSource();

        var act = async () =>
        {
            await foreach (var entry in new FolderDicomLoader().LoadAsync(Root, cts.Token))
            {
                await cts.CancelAsync();
            }
        };

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task GroupAsync_AlreadyCancelled_Throws()
    {
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = 1 }).WriteAsync(Root);

        var act = () => new FolderDicomLoader().GroupAsync(Root, new CancellationToken(canceled: true));

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public void LoadAsync_MissingFolder_ThrowsDirectoryNotFound()
    {
        var missing = Path.Combine(_base, "missing");

        var act = () => new FolderDicomLoader().LoadAsync(missing);

        act.Should().Throw<DirectoryNotFoundException>().WithMessage("*input folder*does not exist*");
    }

    [Fact]
    public async Task GroupAsync_MissingFolder_ThrowsDirectoryNotFound()
    {
        var act = () => new FolderDicomLoader().GroupAsync(Path.Combine(_base, "missing"));

        await act.Should().ThrowAsync<DirectoryNotFoundException>();
    }

    [Fact]
    public async Task LoadAsync_ConfinedFolderSwappedForALinkAfterItWasListed_ReadsNothingOutside()
    {
        // Two folders listed while both are real; once the first one's file is handed on, the second is swapped for a
        // link to a folder outside. The walk lists a folder only when it reaches it, so the swap lands between the
        // check (the root's listing) and the use (the second folder's listing and reads).
        var (first, second) = await TwoFoldersOfOneFileAsync();
        var outsideUid = await WriteOutsideInstanceAsync();

        var entries = await LoadSwappingAsync(new DicomLoaderOptions { ConfineToFolder = true }, () =>
        {
            Directory.Delete(second, recursive: true);
            Directory.CreateSymbolicLink(second, Outside);
        });

        entries.Where(e => !e.IsSkipped).Select(e => e.File!.Dataset.GetString(DicomTag.SOPInstanceUID)).Should().NotContain(outsideUid);
        entries.Should().ContainSingle(e => e.IsSkipped && e.Path == second)
            .Which.Skip!.Reason.Should().Contain("leads outside the input folder");
        entries.Should().ContainSingle(e => !e.IsSkipped && e.Path.StartsWith(first, StringComparison.Ordinal));
    }

    [Fact]
    public async Task LoadAsync_NotConfinedFolderSwappedForALinkAfterItWasListed_FollowsIt()
    {
        // The same swap without the option: what the option is for (and that the swap above really lands mid-walk).
        var (_, second) = await TwoFoldersOfOneFileAsync();
        var outsideUid = await WriteOutsideInstanceAsync();

        var entries = await LoadSwappingAsync(new DicomLoaderOptions(), () =>
        {
            Directory.Delete(second, recursive: true);
            Directory.CreateSymbolicLink(second, Outside);
        });

        entries.Where(e => !e.IsSkipped).Select(e => e.File!.Dataset.GetString(DicomTag.SOPInstanceUID)).Should().Contain(outsideUid);
    }

    [Fact]
    public async Task LoadAsync_ConfinedFileSwappedForALinkAfterItWasListed_IsNotRead()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, SeriesPerStudy = 1, InstancesPerSeries = 2 })
            .WriteAsync(Path.Combine(Root, "one"));
        var late = corpus.Files.Order(StringComparer.Ordinal).Last();
        var outsideUid = await WriteOutsideInstanceAsync();

        var entries = await LoadSwappingAsync(new DicomLoaderOptions { ConfineToFolder = true }, () =>
        {
            File.Delete(late);
            File.CreateSymbolicLink(late, Path.Combine(Outside, "outside.dcm"));
        });

        entries.Where(e => !e.IsSkipped).Select(e => e.File!.Dataset.GetString(DicomTag.SOPInstanceUID)).Should().NotContain(outsideUid);
        entries.Should().ContainSingle(e => e.IsSkipped && e.Path == late)
            .Which.Skip!.Reason.Should().Contain("leads outside the input folder when it was opened");
    }

    [Fact]
    public async Task LoadAsync_ConfinedRootThatIsALink_ReadsNothing()
    {
        await WriteOutsideInstanceAsync();
        var link = Path.Combine(Root, "swapped");
        Directory.CreateSymbolicLink(link, Outside);

        var entries = await LoadAllAsync(new FolderDicomLoader(new DicomLoaderOptions { ConfineToFolder = true }), link);

        entries.Should().ContainSingle().Which.Skip!.Reason.Should().Contain("the input folder is a symbolic link");
    }

    [Fact]
    public async Task LoadAsync_Confined_ReadsTheCorpusWithItsPixelData()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 2, InstancesPerSeries = 2 }).WriteAsync(Path.Combine(Root, "corpus"));

        var entries = await LoadAllAsync(new FolderDicomLoader(new DicomLoaderOptions { ConfineToFolder = true }), Root);

        entries.Should().HaveCount(corpus.Files.Count).And.OnlyContain(e => !e.IsSkipped);
        entries.Should().OnlyContain(e => e.File!.Dataset.Contains(DicomTag.PixelData));
    }

    private async Task<(string First, string Second)> TwoFoldersOfOneFileAsync()
    {
        var options = new SynthesisOptions { Patients = 1, SeriesPerStudy = 1, InstancesPerSeries = 1 };
        var first = Path.Combine(Root, "a");
        var second = Path.Combine(Root, "b");
        await new DicomCorpusSynthesizer(options).WriteAsync(first);
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, SeriesPerStudy = 1, InstancesPerSeries = 1, Seed = 3 }).WriteAsync(second);
        return (first, second);
    }

    private async Task<string> WriteOutsideInstanceAsync()
    {
        var written = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, SeriesPerStudy = 1, InstancesPerSeries = 1, Seed = 99 })
            .WriteAsync(Path.Combine(_base, "outside-corpus"));
        var outside = Path.Combine(Outside, "outside.dcm");
        File.Copy(written.Files[0], outside);
        return DicomFile.Open(outside).Dataset.GetString(DicomTag.SOPInstanceUID)!;
    }

    // Loads the root, doing `swap` once the first entry has been handed on.
    private async Task<List<LoadedInstance>> LoadSwappingAsync(DicomLoaderOptions options, Action swap)
    {
        var entries = new List<LoadedInstance>();
        await foreach (var entry in new FolderDicomLoader(options).LoadAsync(Root))
        {
            entries.Add(entry);
            if (entries.Count == 1)
            {
                swap();
            }
        }

        return entries;
    }

    private static async Task<List<LoadedInstance>> LoadAllAsync(FolderDicomLoader loader, string directory)
    {
        var entries = new List<LoadedInstance>();
        await foreach (var entry in loader.LoadAsync(directory))
        {
            entries.Add(entry);
        }

        return entries;
    }

    private async Task BuildMixedFolderAsync()
    {
        var corpus = Path.Combine(Root, "corpus");
        var written = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 2, InstancesPerSeries = 2 }).WriteAsync(corpus);
        var sample = written.Files[0];

        await File.WriteAllTextAsync(Path.Combine(Root, "notes.txt"), "not an image, just some notes\n");
        await File.WriteAllBytesAsync(Path.Combine(Root, "empty.dat"), []);
        var bytes = await File.ReadAllBytesAsync(sample);
        await File.WriteAllBytesAsync(Path.Combine(Root, "truncated.dcm"), bytes[..(bytes.Length / 2)]);

        var directory = new DicomDataset();
        directory.SetString(DicomTag.SOPClassUID, "1.2.840.10008.1.3.10");
        directory.SetString(DicomTag.SOPInstanceUID, "1.2.3.4.5.6.7.8");
        var media = Path.Combine(Root, "misc");
        Directory.CreateDirectory(media);
        await new DicomFile(directory).SaveAsync(Path.Combine(media, "media.dcm"));
        await File.WriteAllTextAsync(Path.Combine(Root, "DICOMDIR"), "named DICOMDIR");

        var outsideFile = Path.Combine(Outside, "outside.dcm");
        File.Copy(sample, outsideFile);
        File.CreateSymbolicLink(Path.Combine(Root, "link-outside.dcm"), outsideFile);
        File.CreateSymbolicLink(Path.Combine(Root, "link-inside.dcm"), sample);
        Directory.CreateSymbolicLink(Path.Combine(Root, "linkdir-outside"), Outside);
    }
}
