using DicomPipeline.Verification;
using Microsoft.Extensions.DependencyInjection;

namespace DicomPipeline.Tests.Verification;

public sealed class VerifierRegistrationTests
{
    [Fact]
    public void AddDicomPipeline_RegistersTheVerifier()
    {
        var services = new ServiceCollection();
        services.AddDicomPipeline(o => o.Anonymization.Secret = "registration-test-secret-9f3c1a7e5b2d4068");
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IDeidentificationVerifier>().Should().BeOfType<DeidentificationVerifier>();
    }

    [Fact]
    public void AddDicomPipeline_VerifierAlreadyRegistered_KeepsIt()
    {
        var own = new OwnVerifier();
        var services = new ServiceCollection();
        services.AddSingleton<IDeidentificationVerifier>(own);
        services.AddDicomPipeline(o => o.Anonymization.Secret = "registration-test-secret-9f3c1a7e5b2d4068");
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IDeidentificationVerifier>().Should().BeSameAs(own);
    }

    private sealed class OwnVerifier : IDeidentificationVerifier
    {
        public Task<IReadOnlyList<VerificationFinding>> VerifyFileAsync(string outputFile, string? originalFile, string outputRoot, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<VerificationFinding>>([]);
    }
}
