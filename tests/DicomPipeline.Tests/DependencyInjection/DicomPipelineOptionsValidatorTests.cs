using DicomPipeline.Orthanc;
using DicomPipeline.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Tests.DependencyInjection;

/// <summary>
/// Every rule the host checks at start, one bad setting each, through configuration binding and the startup validator
/// the host runs (<see cref="IStartupValidator"/>), with the message written out.
/// </summary>
public sealed class DicomPipelineOptionsValidatorTests
{
    private const string Secret = "DicomPipeline:Anonymization:Secret";

    public static TheoryData<string, string?, string> Rules => new()
    {
        { "DicomPipeline:Output:Directory", " ", "Directory: DicomPipeline:Output:Directory must name a folder." },
        { "DicomPipeline:MaxParallelism", "-1", "MaxParallelism: The field DicomPipelineOptions.MaxParallelism must be between 0 and 2147483647." },
        {
            "DicomPipeline:Loader:HeaderOnly", "true",
            "DicomPipeline:Loader:HeaderOnly: HeaderOnly reads no pixel data, and the pipeline stores whole instances: turn it off (it is for listing and grouping)."
        },
        {
            Secret, null,
            "DicomPipeline:Anonymization: Anonymizing needs a secret: set the configuration key 'DicomPipeline:Anonymization:Secret' (environment variable 'DicomPipeline__Anonymization__Secret')."
        },
        {
            Secret, "hunter2",
            "DicomPipeline:Anonymization: The de-identification secret ('DicomPipeline:Anonymization:Secret') is too weak: it is 7 bytes long, fewer than 32.*"
        },
        { "DicomPipeline:Anonymization:Policy", "7", "DicomPipeline:Anonymization: Policy must be Basic or Strict." },
        {
            "DicomPipeline:Anonymization:RetainLongitudinalFullDates", "true",
            "DicomPipeline:Anonymization: RetainLongitudinalFullDates and RetainLongitudinalModifiedDates are alternatives (PS3.15 E.3.6): choose one."
        },
        { "DicomPipeline:Anonymization:SafePrivateTags:0:Creator", "", "DicomPipeline:Anonymization: Every entry of SafePrivateTags needs a private creator." },
        {
            "DicomPipeline:Anonymization:Rules:0:Keyword", "NoSuchKeyword",
            "DicomPipeline:Anonymization: Anonymization rule 1 names an unknown keyword 'NoSuchKeyword'."
        },
        { "DicomPipeline:Destinations:0:Uri", "ftp://user:hunter2@pacs", "DicomPipeline:Destinations:0: *" },
        { "DicomPipeline:Destinations:0:Parallelism", "0", "DicomPipeline:Destinations:0: dicom://PACS@pacs.test:104: Parallelism must be between 1 and 64 (was 0)." },
    };

    public static TheoryData<string, string, string> OrthancRules => new()
    {
        { "BaseUrl", "ftp://pacs.test", "OrthancOptions.BaseUrl must be an absolute http or https URL." },
        { "Timeout", "00:00:00", "OrthancOptions.Timeout must be more than zero and at most one hour." },
        { "MaxRetryAttempts", "11", "OrthancOptions.MaxRetryAttempts must be from 0 to 10." },
        { "RetryDelay", "00:02:00", "OrthancOptions.RetryDelay must be from zero to one minute." },
        { "UploadParallelism", "0", "OrthancOptions.UploadParallelism must be from 1 to 64." },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void StartupValidation_OneBadSetting_FailsWithItsMessage(string key, string? value, string message)
    {
        var settings = Valid();
        settings[key] = value;
        if (key.EndsWith("RetainLongitudinalFullDates", StringComparison.Ordinal))
        {
            settings["DicomPipeline:Anonymization:RetainLongitudinalModifiedDates"] = "true";
        }

        if (key.Contains("SafePrivateTags", StringComparison.Ordinal))
        {
            settings["DicomPipeline:Anonymization:SafePrivateTags:0:Element"] = "8";
        }

        using var provider = Provider(settings);

        var failures = StartupFailures(provider);
        failures.Should().ContainSingle().Which.Should().Match(message);
        string.Join(' ', failures).Should().NotContain("hunter2").And.NotContain("valid-secret");
    }

    [Theory]
    [MemberData(nameof(OrthancRules))]
    public void StartupValidation_BadOrthancSetting_FailsWithItsMessage(string key, string value, string message)
    {
        var settings = Valid();
        settings["DicomPipeline:Orthanc:" + key] = value;

        using var provider = Provider(settings, orthanc: true);

        StartupFailures(provider).Should().Equal(message);
    }

    [Fact]
    public void StartupValidation_BadOrthancSettingWithoutOrthancChores_IsNotThePipelinesBusiness()
    {
        // Sending to Orthanc is a destination (DicomPipeline:Destinations); DicomPipeline:Orthanc serves only its chores.
        var settings = Valid();
        settings["DicomPipeline:Orthanc:BaseUrl"] = "ftp://pacs.test";

        using var provider = Provider(settings);

        StartupFailures(provider).Should().BeEmpty();
    }

    [Fact]
    public void StartupValidation_ValidConfiguration_Passes()
    {
        using var provider = Provider(Valid());

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().NotThrow();
    }

    [Fact]
    public void StartupValidation_RequireSecretOff_NoSecretPasses()
    {
        var settings = Valid();
        settings[Secret] = null;
        settings["DicomPipeline:RequireSecret"] = "false";
        using var provider = Provider(settings);

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().NotThrow();
    }

    [Fact]
    public void StartupValidation_RequireSecretOffButSecretBlank_Fails()
    {
        var settings = Valid();
        settings[Secret] = "   ";
        settings["DicomPipeline:RequireSecret"] = "false";
        using var provider = Provider(settings);

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().WithMessage("*DicomPipeline:Anonymization:Secret*");
    }

    [Fact]
    public void AddDicomPipeline_ConfigureAfterBinding_Wins()
    {
        var settings = Valid();
        settings["DicomPipeline:MaxParallelism"] = "3";
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddDicomPipeline(o => o.MaxParallelism = 5).AddOrthanc(o => o.UploadParallelism = 7);

        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<DicomPipelineOptions>>().Value.MaxParallelism.Should().Be(5);
        provider.GetRequiredService<IOptions<OrthancOptions>>().Value.UploadParallelism.Should().Be(7);
    }

    /// <summary>What the host would report when it starts: every failure of every options type, once.</summary>
    private static List<string> StartupFailures(ServiceProvider provider)
    {
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures];
        }
        catch (AggregateException ex)
        {
            return [.. ex.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures).Distinct()];
        }
    }

    private static Dictionary<string, string?> Valid() => new()
    {
        [Secret] = "valid-secret-9f3c1a7e5b2d4068-8e2b6d0c4a",
        ["DicomPipeline:Output:Directory"] = "/data/out",
        ["DicomPipeline:Destinations:0:Uri"] = "dicom://PACS@pacs.test:104",
        ["DicomPipeline:Orthanc:BaseUrl"] = "http://pacs.test:8042",
    };

    private static ServiceProvider Provider(Dictionary<string, string?> settings, bool orthanc = false)
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var pipeline = services.AddDicomPipeline();
        if (orthanc)
        {
            pipeline.AddOrthanc();
        }

        return services.BuildServiceProvider();
    }
}
