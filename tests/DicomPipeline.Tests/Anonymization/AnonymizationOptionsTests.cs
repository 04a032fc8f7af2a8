using DicomPipeline.Anonymization;

namespace DicomPipeline.Tests.Anonymization;

public sealed class AnonymizationOptionsTests
{
    [Fact]
    public void Defaults_AllOptionsOff()
    {
        var options = new AnonymizationOptions();

        new[]
        {
            options.RetainSafePrivate, options.RetainUids, options.RetainDeviceIdentity, options.RetainInstitutionIdentity,
            options.RetainPatientCharacteristics, options.RetainLongitudinalFullDates, options.RetainLongitudinalModifiedDates,
            options.CleanDescriptors, options.CleanStructuredContent, options.CleanGraphics, options.AllowBurnedInAnnotation,
        }.Should().OnlyContain(b => !b);
        options.Secret.Should().BeNull();
    }

    [Fact]
    public void ThrowIfInvalid_WhitespaceSecret_MessageNamesKeyNotValue()
    {
        var options = new AnonymizationOptions { Secret = "   " };

        var act = options.ThrowIfInvalid;

        act.Should().Throw<InvalidOperationException>()
            .Which.Message.Should().Contain(AnonymizationOptions.SecretConfigurationKey)
            .And.Contain(AnonymizationOptions.SecretEnvironmentVariable);
    }

    [Fact]
    public void Snapshot_LaterChanges_DoNotAffectCopy()
    {
        var options = new AnonymizationOptions { Secret = "s" };
        var copy = options.Snapshot();

        options.Secret = "t";
        options.SafePrivateTags.Add(new SafePrivateTag("X", 1));

        copy.Secret.Should().Be("s");
        copy.SafePrivateTags.Should().BeEmpty();
    }
}
