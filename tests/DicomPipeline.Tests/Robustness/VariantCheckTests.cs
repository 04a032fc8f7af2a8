using DicomPipeline.Dicom;
using DicomPipeline.Tests.Dicom;

namespace DicomPipeline.Tests.Robustness;

/// <summary>The suites' contract check itself: it must catch a programming error, not count it as a rejected bad file.</summary>
public class VariantCheckTests
{
    /// <summary>
    /// Issue 15, item 11: the reader used to turn ArgumentException, InvalidOperationException and OverflowException into
    /// DicomFormatException, so a bug under the parser passed every mutation suite as "a bad file, rejected".
    /// </summary>
    [Theory]
    [InlineData(typeof(InvalidOperationException))]
    [InlineData(typeof(ArgumentException))]
    [InlineData(typeof(OverflowException))]
    public void Run_ReadHitsAnInjectedBug_ReportsTheBrokenContract(Type bug)
    {
        var variant = MutationVariants.Create(MutationFamily.LengthAtBoundary, DicomTransferSyntax.ExplicitVRLittleEndian.Uid, 0);

        var problem = VariantCheck.Run(variant, open: bytes => new FaultyStream(bytes, failAt: 0, () => (Exception)Activator.CreateInstance(bug, "injected bug")!));

        problem.Should().Contain($"read threw {bug.Name}: injected bug");
    }
}
