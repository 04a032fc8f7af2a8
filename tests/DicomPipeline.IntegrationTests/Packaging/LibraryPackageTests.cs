using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.IntegrationTests.Robustness;

namespace DicomPipeline.IntegrationTests.Packaging;

/// <summary>
/// Issue 26: the DicomPipeline package as NuGet users get it, packed the way CI packs it (<c>CI=true dotnet pack</c>):
/// its own README, the repository and commit in the nuspec, Source Link and embedded generated sources in the PDB of the
/// symbol package, a deterministic assembly, and dependencies that are abstractions where one exists (docs/package.md).
/// </summary>
public sealed class LibraryPackageTests : IClassFixture<LibraryPackageTests.PackedLibrary>
{
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");
    private static readonly Guid EmbeddedSourceKind = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    private readonly PackedLibrary _packed;

    public LibraryPackageTests(PackedLibrary packed) => _packed = packed;

    [Fact]
    public void Pack_Readme_IsTheNuGetReadmeStartingWithDotnetAddPackage()
    {
        _packed.Nuspec.Descendants().Single(e => e.Name.LocalName == "readme").Value.Should().Be("README.md");
        var readme = Entry(_packed.Package, "README.md");
        var lines = readme.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && !l.StartsWith("```", StringComparison.Ordinal)).ToList();

        lines[0].Should().Be("dotnet add package DicomPipeline");
        readme.Should().NotContain("apt-get", "a NuGet user installs nothing else").And.NotContain("git clone");
        var example = readme.Split("```csharp")[1].Split("```")[0].Trim('\n').Split('\n');
        example.Length.Should().BeLessThanOrEqualTo(10, "the first example fits in ten lines");
    }

    [Fact]
    public void Pack_Nuspec_NamesTheRepositoryAndTheCommit()
    {
        var repository = _packed.Nuspec.Descendants().Single(e => e.Name.LocalName == "repository");

        repository.Attribute("type")!.Value.Should().Be("git");
        repository.Attribute("url")!.Value.Should().Be(_packed.RepositoryUrl);
        repository.Attribute("commit")!.Value.Should().Be(_packed.Commit);
    }

    [Fact]
    public void Pack_Dependencies_AreTheDocumentedOnes()
    {
        var ids = _packed.Nuspec.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value).Distinct();
        var documented = File.ReadAllText(Path.Combine(ConsoleCli.RepositoryRoot, "docs", "package.md"));

        ids.Should().BeEquivalentTo(
            "CsvHelper",
            "JpegLibrary",
            "Microsoft.Extensions.Configuration.Binder",
            "Microsoft.Extensions.DependencyInjection.Abstractions",
            "Microsoft.Extensions.Http",
            "Microsoft.Extensions.Http.Resilience",
            "Microsoft.Extensions.Logging.Abstractions",
            "Microsoft.Extensions.Options");
        ids.Should().OnlyContain(id => documented.Contains($"`{id}`", StringComparison.Ordinal), "docs/package.md says why each is there");
    }

    [Fact]
    public void Pack_SymbolPackagePdb_CarriesSourceLinkAndEmbeddedGeneratedSources()
    {
        using var pdbStream = new MemoryStream(EntryBytes(_packed.SymbolPackage, "lib/net10.0/DicomPipeline.pdb"));
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdbStream);
        var pdb = provider.GetMetadataReader();

        var sourceLink = pdb.CustomDebugInformation.Select(pdb.GetCustomDebugInformation).Single(c => pdb.GetGuid(c.Kind) == SourceLinkKind);
        var json = System.Text.Encoding.UTF8.GetString(pdb.GetBlobBytes(sourceLink.Value));
        json.Should().Contain("\"/_/*\"", "CI builds map the clone's path to /_/").And.Contain(_packed.Commit);
        pdb.Documents.Select(d => pdb.GetString(pdb.GetDocument(d).Name)).Should().OnlyContain(n => n.StartsWith("/_/", StringComparison.Ordinal));
        pdb.CustomDebugInformation.Select(pdb.GetCustomDebugInformation).Should().Contain(c => pdb.GetGuid(c.Kind) == EmbeddedSourceKind, "generated files are embedded");
    }

    [Fact]
    public void Pack_Assembly_IsDeterministic()
    {
        using var pe = new PEReader(new MemoryStream(EntryBytes(_packed.Package, "lib/net10.0/DicomPipeline.dll")));

        pe.ReadDebugDirectory().Select(d => d.Type).Should().Contain(DebugDirectoryEntryType.Reproducible);
    }

    private static byte[] EntryBytes(string package, string name)
    {
        using var zip = ZipFile.OpenRead(package);
        var entry = zip.GetEntry(name) ?? throw new InvalidOperationException($"{name} is not in {Path.GetFileName(package)}.");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string Entry(string package, string name) => System.Text.Encoding.UTF8.GetString(EntryBytes(package, name));

    /// <summary>
    /// The library packed once for the class as CI packs it: from a clone of this checkout's commit (sharing its objects)
    /// whose <c>origin</c> is the checkout's own when it is a web address, or else (no origin, or a local folder's path, as
    /// in CI's clone of main) a stand-in GitHub address, since
    /// Source Link reads the remote from the clone's own configuration only when <c>CI=true</c>. Uncommitted changes are
    /// not in the clone: the package is the commit's, as a release is.
    /// </summary>
    public sealed class PackedLibrary : IAsyncLifetime
    {
        private const string StandInUrl = "https://github.com/dicompipeline/dicompipeline";
        private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("library-package-");

        public string Package { get; private set; } = string.Empty;

        public string SymbolPackage { get; private set; } = string.Empty;

        public XDocument Nuspec { get; private set; } = new();

        public string RepositoryUrl { get; private set; } = string.Empty;

        public string Commit { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            var repo = ConsoleCli.RepositoryRoot;
            Commit = (await Git(repo, "rev-parse", "HEAD")).Trim();
            var origin = (await ProcessRunner.RunAsync("git", ["-C", repo, "remote", "get-url", "origin"])).StandardOutput.Trim();
            // A clone of a local folder (CI clones main that way) has a path for its origin, which Source Link cannot map
            // to a URL: it gets the stand-in too.
            if (!origin.StartsWith("https://", StringComparison.Ordinal) && !origin.StartsWith("http://", StringComparison.Ordinal))
            {
                origin = StandInUrl + ".git";
            }

            RepositoryUrl = origin;
            var clone = Path.Combine(_root.FullName, "clone");
            await Git(repo, "clone", "--quiet", "--shared", "--no-checkout", repo, clone);
            await Git(clone, "checkout", "--quiet", "--detach", Commit);
            await Git(clone, "remote", "set-url", "origin", origin);

            var output = Path.Combine(_root.FullName, "nupkg");
            var pack = await ProcessRunner.RunAsync(
                "env", ["CI=true", "dotnet", "pack", Path.Combine(clone, "src", "DicomPipeline"), "-c", "Release", "-o", output], TimeSpan.FromMinutes(15));
            pack.ExitCode.Should().Be(0, pack.StandardOutput + pack.StandardError);
            Package = Path.Combine(output, "DicomPipeline.0.1.0.nupkg");
            SymbolPackage = Path.Combine(output, "DicomPipeline.0.1.0.snupkg");
            using var zip = ZipFile.OpenRead(Package);
            await using var nuspec = zip.GetEntry("DicomPipeline.nuspec")!.Open();
            Nuspec = await XDocument.LoadAsync(nuspec, LoadOptions.None, CancellationToken.None);
        }

        public Task DisposeAsync()
        {
            _root.Delete(recursive: true);
            return Task.CompletedTask;
        }

        private static async Task<string> Git(string repo, params string[] arguments)
        {
            var result = await ProcessRunner.RunAsync("git", ["-C", repo, .. arguments], TimeSpan.FromMinutes(2));
            result.ExitCode.Should().Be(0, result.StandardError);
            return result.StandardOutput;
        }
    }
}
