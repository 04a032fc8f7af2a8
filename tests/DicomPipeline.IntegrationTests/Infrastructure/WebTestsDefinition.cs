namespace DicomPipeline.IntegrationTests.Infrastructure;

/// <summary>The web tests share one <see cref="WebFixture"/> and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class WebTestsDefinition : ICollectionFixture<WebFixture>
{
    public const string Name = "Web";
}
