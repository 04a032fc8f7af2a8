using DicomPipeline.Destinations;
using DicomPipeline.Dicom;
using DicomPipeline.Receiving;

namespace DicomPipeline.Tests.Networking;

/// <summary>
/// docs/conformance-statement.md against the code it describes: the PS3.2 sections are there, the Implementation Class
/// UID and Version Name it states are the ones the library sends, and each association policy names the option that sets it.
/// </summary>
public sealed class ConformanceStatementTests
{
    private static readonly string Text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "conformance-statement.md"));

    [Fact]
    public void ConformanceStatement_ImplementationIdentity_IsWhatTheLibrarySends()
    {
        Text.Should().Contain($"| Implementation Class UID | `{DicomImplementation.ClassUid}`")
            .And.Contain($"| Implementation Version Name | `{DicomImplementation.VersionName}`");
    }

    [Fact]
    public void ConformanceStatement_Sections_InThePs32Shape()
    {
        var headings = Text.Split('\n').Where(l => l.StartsWith('#')).ToList();

        foreach (var section in (string[])["Implementation model", "AE specifications", "Network interfaces and security", "Character sets", "Configuration"])
        {
            headings.Should().Contain(h => h.Contains(section, StringComparison.Ordinal), section);
        }

        Text.Should().Contain("SOP classes").And.Contain("Transfer syntaxes").And.Contain("Association policies");
    }

    [Fact]
    public void ConformanceStatement_AssociationPolicies_NameTheOptionsThatSetThem()
    {
        foreach (var option in (string[])[
            nameof(DestinationOptions.Parallelism), nameof(DestinationOptions.InstancesPerAssociation),
            nameof(DestinationOptions.ConnectTimeout), nameof(DicomReceiverOptions.MaxAssociations),
            nameof(DicomReceiverOptions.MaxPduLength), nameof(DicomReceiverOptions.AssociationTimeout), nameof(DicomReceiverOptions.DimseTimeout)])
        {
            Text.Should().MatchRegex($@"`(\w+\.)?{option}`", option);
        }
    }

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
