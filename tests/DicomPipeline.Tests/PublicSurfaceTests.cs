using System.Reflection;
using DicomPipeline.Anonymization;
using DicomPipeline.Csv;
using DicomPipeline.Dicom;
using DicomPipeline.Loading;
using DicomPipeline.Orthanc;
using DicomPipeline.Pipeline;
using DicomPipeline.Storage;

namespace DicomPipeline.Tests;

/// <summary>The shape the package promises: five public seams, their implementations internal, every class sealed.</summary>
public class PublicSurfaceTests
{
    private static readonly Assembly Library = typeof(IDicomPipeline).Assembly;

    [Fact]
    public void Seams_ArePublicInterfaces()
    {
        Type[] seams = [typeof(IDicomLoader), typeof(IAnonymizer), typeof(ICsvLookupTableLoader), typeof(IProcessedStore), typeof(IOrthancClient)];

        seams.Should().OnlyContain(t => t.IsInterface && t.IsPublic);
    }

    [Fact]
    public void Implementations_AreInternalSealed()
    {
        Type[] implementations =
        [
            typeof(FolderDicomLoader), typeof(ConfidentialityProfileAnonymizer), typeof(CsvLookupTableLoader), typeof(FolderProcessedStore),
            typeof(OrthancClient), typeof(DicomPipelineRunner), typeof(DicomReader), typeof(DicomWriter),
        ];

        implementations.Should().OnlyContain(t => !t.IsPublic && t.IsSealed);
    }

    [Fact]
    public void PublicClasses_AreSealedStaticOrOneOfTheTwoAbstractBases()
    {
        var open = Library.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsSealed && !(t.IsAbstract && t.IsSealed) && t != typeof(DicomAttribute) && t != typeof(DicomPipelineException))
            .Select(t => t.FullName)
            .ToList();

        open.Should().BeEmpty("public classes are sealed (or static); DicomAttribute and DicomPipelineException are the only bases a user meets");
    }

    /// <summary>Issue 26: errors came in five shapes; now one family, so a caller can catch them all with one type.</summary>
    [Fact]
    public void PublicExceptions_AllDeriveFromDicomPipelineException()
    {
        var exceptions = Library.GetExportedTypes().Where(t => typeof(Exception).IsAssignableFrom(t) && t != typeof(DicomPipelineException)).ToList();

        exceptions.Should().NotBeEmpty();
        exceptions.Where(t => !t.IsSubclassOf(typeof(DicomPipelineException))).Select(t => t.FullName).Should().BeEmpty();
        typeof(DicomPipelineException).Should().BeAbstract();
        typeof(DicomPipelineException).Namespace.Should().Be("DicomPipeline");
        typeof(DicomPipelineException).GetConstructors(BindingFlags.Public | BindingFlags.Instance).Should().BeEmpty();
    }

    /// <summary>
    /// The assembly's public types and members against the PublicAPI.Shipped/Unshipped files, read from the repository: a
    /// public type or member added without its line (or a line whose symbol is gone) fails here, not only in the analyzer.
    /// </summary>
    [Fact]
    public void PublicTypes_MatchThePublicApiFiles()
    {
        var declared = PublicApiFile.Read(Path.Combine(RepositoryRoot(), "src", "DicomPipeline"));
        var declaredTypes = declared.Where(PublicApiFile.IsTypeLine).ToHashSet(StringComparer.Ordinal);
        var actualTypes = Library.GetExportedTypes().Select(PublicApiFile.TypeName).ToHashSet(StringComparer.Ordinal);

        actualTypes.Except(declaredTypes).Order(StringComparer.Ordinal).Should().BeEmpty("every public type has a line in PublicAPI.*.txt (run eng/update-public-api.sh)");
        declaredTypes.Except(actualTypes).Order(StringComparer.Ordinal).Should().BeEmpty("every type line of PublicAPI.*.txt names a public type");
    }

    [Fact]
    public void PublicMembers_EachHaveAPublicApiLine()
    {
        var declared = PublicApiFile.Read(Path.Combine(RepositoryRoot(), "src", "DicomPipeline"));
        var prefixes = PublicApiFile.MemberPrefixes(declared);

        var missing = Library.GetExportedTypes()
            .SelectMany(type => PublicApiFile.VisibleMembers(type).Select(member => (type, member)))
            .Where(x => !prefixes.Contains(PublicApiFile.TypeName(x.type) + "." + PublicApiFile.MemberName(x.member)))
            .Select(x => $"{PublicApiFile.TypeName(x.type)}.{x.member.Name}")
            .ToList();

        missing.Should().BeEmpty("every public member has a line in PublicAPI.*.txt (run eng/update-public-api.sh)");
    }

    [Fact]
    public void PublicApiFile_TypeWithoutALine_IsFound()
    {
        // The comparison itself: a public type the files do not list must show up as missing.
        var declared = PublicApiFile.Read(Path.Combine(RepositoryRoot(), "src", "DicomPipeline")).Where(l => l != "DicomPipeline.Pipeline.PipelineException").ToList();

        declared.Where(PublicApiFile.IsTypeLine).Should().NotContain(PublicApiFile.TypeName(typeof(PipelineException)));
        PublicApiFile.MemberPrefixes(declared).Should().Contain("DicomPipeline.Pipeline.PipelineException.PipelineException");
    }

    [Fact]
    public void DicomAttribute_CannotBeDerivedOutsideTheLibrary()
    {
        typeof(DicomAttribute).GetConstructors(BindingFlags.Public | BindingFlags.Instance).Should().BeEmpty();
        Library.GetExportedTypes().Where(t => t.IsSubclassOf(typeof(DicomAttribute)))
            .Should().BeEquivalentTo([typeof(DicomElement), typeof(DicomSequence), typeof(DicomFragmentSequence)]);
    }

    [Fact]
    public void AddDicomPipeline_LivesWhereEveryAddXxxLives() =>
        typeof(Microsoft.Extensions.DependencyInjection.DicomPipelineServiceCollectionExtensions).Namespace
            .Should().Be("Microsoft.Extensions.DependencyInjection");

    [Fact]
    public void Builder_LivesInTheRootNamespace() =>
        typeof(DicomPipelineBuilder).Namespace.Should().Be("DicomPipeline");

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DicomPipeline.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (DicomPipeline.sln) is not above the test binaries.");
    }
}
