namespace DicomPipeline.IntegrationTests.RealFiles;

/// <summary>The real-file tests share one fetch and one de-identification of every file.</summary>
[CollectionDefinition(Name)]
public sealed class RealFilesTestsDefinition : ICollectionFixture<RealFilesFixture>
{
    public const string Name = "Real files";
}
