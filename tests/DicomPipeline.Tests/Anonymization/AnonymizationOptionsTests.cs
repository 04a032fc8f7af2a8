using DicomPipeline.Anonymization;
using Microsoft.Extensions.Configuration;

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
            options.CleanPixelData, options.BlankAllPixelText,
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

    /// <summary>Every configurable property, set to something other than its default, as an appsettings section would.</summary>
    private static readonly Dictionary<string, string?> EverySetting = new()
    {
        ["DicomPipeline:Anonymization:Secret"] = "bound-secret",
        ["DicomPipeline:Anonymization:Policy"] = "Strict",
        ["DicomPipeline:Anonymization:RetainSafePrivate"] = "true",
        ["DicomPipeline:Anonymization:RetainUids"] = "true",
        ["DicomPipeline:Anonymization:RetainDeviceIdentity"] = "true",
        ["DicomPipeline:Anonymization:RetainInstitutionIdentity"] = "true",
        ["DicomPipeline:Anonymization:RetainPatientCharacteristics"] = "true",
        ["DicomPipeline:Anonymization:RetainLongitudinalFullDates"] = "true",
        ["DicomPipeline:Anonymization:RetainLongitudinalModifiedDates"] = "true",
        ["DicomPipeline:Anonymization:CleanDescriptors"] = "true",
        ["DicomPipeline:Anonymization:CleanStructuredContent"] = "true",
        ["DicomPipeline:Anonymization:CleanGraphics"] = "true",
        ["DicomPipeline:Anonymization:AllowBurnedInAnnotation"] = "true",
        ["DicomPipeline:Anonymization:CleanPixelData"] = "true",
        ["DicomPipeline:Anonymization:BlankAllPixelText"] = "true",
        ["DicomPipeline:Anonymization:Rules:0:Keyword"] = "PatientWeight",
        ["DicomPipeline:Anonymization:Rules:0:Action"] = "Keep",
        ["DicomPipeline:Anonymization:SafePrivateTags:0:Creator"] = "SIEMENS CSA HEADER",
        ["DicomPipeline:Anonymization:SafePrivateTags:0:Element"] = "8",
    };

    [Fact]
    public void Bind_EveryProperty_ReadFromItsConfigurationKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(EverySetting).Build();

        var options = new AnonymizationOptions();
        configuration.GetSection("DicomPipeline:Anonymization").Bind(options);

        AssertEverySettingBound(options);
    }

    [Fact]
    public void Snapshot_EveryProperty_Copied()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(EverySetting).Build();
        var options = new AnonymizationOptions();
        configuration.GetSection("DicomPipeline:Anonymization").Bind(options);
        var provider = new NoIdentities();
        options.PatientIdentityProvider = provider;
        Func<DicomPipeline.Redaction.ITextDetector> detectors = () => new DicomPipeline.Tests.Redaction.FixedTextDetector();
        options.TextDetectorFactory = detectors;

        var copy = options.Snapshot();

        AssertEverySettingBound(copy);
        copy.PatientIdentityProvider.Should().BeSameAs(provider);
        copy.TextDetectorFactory.Should().BeSameAs(detectors);
    }

    [Fact]
    public void Properties_AreTheOnesTheseTestsCover()
    {
        // A new option must be added to EverySetting and AssertEverySettingBound before this passes.
        typeof(AnonymizationOptions).GetProperties().Where(p => !p.GetMethod!.IsStatic).Select(p => p.Name).Should().BeEquivalentTo(
            "Secret", "Policy", "RetainSafePrivate", "RetainUids", "RetainDeviceIdentity", "RetainInstitutionIdentity",
            "RetainPatientCharacteristics", "RetainLongitudinalFullDates", "RetainLongitudinalModifiedDates", "CleanDescriptors",
            "CleanStructuredContent", "CleanGraphics", "AllowBurnedInAnnotation", "Rules", "SafePrivateTags", "PatientIdentityProvider",
            "CleanPixelData", "BlankAllPixelText", "TextDetectorFactory");
    }

    private static void AssertEverySettingBound(AnonymizationOptions options)
    {
        options.Secret.Should().Be("bound-secret");
        options.Policy.Should().Be(AnonymizationPolicy.Strict);
        options.RetainSafePrivate.Should().BeTrue();
        options.RetainUids.Should().BeTrue();
        options.RetainDeviceIdentity.Should().BeTrue();
        options.RetainInstitutionIdentity.Should().BeTrue();
        options.RetainPatientCharacteristics.Should().BeTrue();
        options.RetainLongitudinalFullDates.Should().BeTrue();
        options.RetainLongitudinalModifiedDates.Should().BeTrue();
        options.CleanDescriptors.Should().BeTrue();
        options.CleanStructuredContent.Should().BeTrue();
        options.CleanGraphics.Should().BeTrue();
        options.AllowBurnedInAnnotation.Should().BeTrue();
        options.CleanPixelData.Should().BeTrue();
        options.BlankAllPixelText.Should().BeTrue();
        options.Rules.Should().ContainSingle().Which.Should().Match<AnonymizationRule>(r => r.Keyword == "PatientWeight" && r.Action == AnonymizationRuleAction.Keep);
        options.SafePrivateTags.Should().Equal(new SafePrivateTag("SIEMENS CSA HEADER", 0x08));
    }

    private sealed class NoIdentities : IPatientIdentityProvider
    {
        public PatientPseudonym? GetIdentity(string originalPatientId) => null;
    }
}
