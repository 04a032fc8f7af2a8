namespace DicomPipeline.IntegrationTests.Infrastructure;

/// <summary>The DCMTK tests share one synthetic corpus.</summary>
[CollectionDefinition(Name)]
public sealed class DcmtkTestsDefinition : ICollectionFixture<SynthesizedCorpusFixture>
{
    public const string Name = "DCMTK";
}
