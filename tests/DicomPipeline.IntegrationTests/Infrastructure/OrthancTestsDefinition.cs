namespace DicomPipeline.IntegrationTests.Infrastructure;

/// <summary>The Orthanc tests share one server and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class OrthancTestsDefinition : ICollectionFixture<OrthancFixture>
{
    public const string Name = "Orthanc";
}
