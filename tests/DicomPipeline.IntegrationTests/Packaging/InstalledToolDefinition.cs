namespace DicomPipeline.IntegrationTests.Packaging;

/// <summary>The tests of the installed tool share one pack and install (<see cref="InstalledTool"/>).</summary>
[CollectionDefinition(Name)]
public sealed class InstalledToolDefinition : ICollectionFixture<InstalledTool>
{
    public const string Name = "Installed tool";
}
