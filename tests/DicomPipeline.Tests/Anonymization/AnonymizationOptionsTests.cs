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

    /// <summary>Issue 26: a one-character secret was accepted, and whoever guesses the HMAC key recomputes every pseudonym.</summary>
    [Theory]
    [InlineData("hunter2", "it is 7 bytes long, fewer than 32")]
    [InlineData("test-secret-0123456789", "it is 22 bytes long, fewer than 32")]
    [InlineData("0123456789abcdef0123456789abcdef", "it repeats a piece of 16 bytes, fewer than 32")]
    [InlineData("abababababababababababababababababababab", "it repeats a piece of 2 bytes, fewer than 32")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "it has 2 different characters, fewer than 8")]
    public void ThrowIfInvalid_WeakSecret_RefusedSayingWhyWithoutQuotingIt(string secret, string reason)
    {
        var options = new AnonymizationOptions { Secret = secret };

        var act = options.ThrowIfInvalid;

        var message = act.Should().Throw<InvalidOperationException>().Which.Message;
        message.Should().Contain("too weak").And.Contain(reason).And.Contain("re-identify").And.Contain(AnonymizationOptions.SecretConfigurationKey);
        message.Should().NotContain(secret);
    }

    [Theory]
    [InlineData("q8Yb3n+Xw0ZkT1vJrS6mLp2dHe9uCgFa7iNoB4tQ5xE=")] // 32 random bytes in Base64
    [InlineData("correct horse battery staple on a blue field")]
    [InlineData("0123456789abcdef0123456789abcdeX")] // 32 bytes that repeat nothing whole
    public void ThrowIfInvalid_SecretOf32BytesThatRepeatsNothing_Accepted(string secret)
    {
        var options = new AnonymizationOptions { Secret = secret };

        var act = options.ThrowIfInvalid;

        act.Should().NotThrow();
    }

    [Fact]
    public void ThrowIfInvalid_MultiByteCharacters_CountedInUtf8Bytes()
    {
        // 11 characters of 3 UTF-8 bytes each: 33 bytes, though only 11 characters.
        var options = new AnonymizationOptions { Secret = "秘密鍵の文字列を十一字" };

        var act = options.ThrowIfInvalid;

        act.Should().NotThrow();
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
        ["DicomPipeline:Anonymization:Secret"] = "bound-secret-9f3c1a7e5b2d4068-8e2b6d0c4a",
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
        options.Secret.Should().Be("bound-secret-9f3c1a7e5b2d4068-8e2b6d0c4a");
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
