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
    public void PublicClasses_AreSealedStaticOrTheOneAbstractBase()
    {
        var open = Library.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsSealed && !(t.IsAbstract && t.IsSealed) && t != typeof(DicomAttribute))
            .Select(t => t.FullName)
            .ToList();

        open.Should().BeEmpty("public classes are sealed (or static); DicomAttribute is the only base a user meets");
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
}
