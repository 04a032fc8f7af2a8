namespace DicomPipeline.IntegrationTests.Robustness;

/// <summary>The console runs of the robustness tests go one after another: the kill test times itself against real work.</summary>
[CollectionDefinition(Name)]
public sealed class RobustnessCliDefinition
{
    public const string Name = "Robustness CLI";
}
