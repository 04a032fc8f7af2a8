using DicomPipeline.Anonymization;

namespace DicomPipeline.Pipeline;

/// <summary>Chooses the anonymizer of each run.</summary>
internal static class Anonymizers
{
    /// <summary>
    /// The configured anonymizer, or, when the configured one is the built-in profile and the run asks for something
    /// else, a copy of it for the run: one that takes the patient identities a clinical CSV supplies (unless the options
    /// name an identity provider of their own), or one with the Clean Pixel Data option switched as the run's request
    /// says. An anonymizer of the application's own is used as it is: it decides its identities and its pixels. With it
    /// come the options it was made with, which the report names.
    /// </summary>
    /// <param name="options">The options the configured anonymizer was made with.</param>
    /// <param name="configured">Gives the configured anonymizer; throws when the options are invalid (no secret).</param>
    public static Func<IPatientIdentityProvider?, bool?, (IAnonymizer Anonymizer, AnonymizationOptions Options)> PerRun(
        AnonymizationOptions options, Func<IAnonymizer> configured) =>
        (identities, cleanPixelData) =>
        {
            var anonymizer = configured();
            var takeIdentities = identities is not null && options.PatientIdentityProvider is null;
            var switchPixels = cleanPixelData is { } clean && clean != options.CleanPixelData;
            if (anonymizer is not ConfidentialityProfileAnonymizer || (!takeIdentities && !switchPixels))
            {
                return (anonymizer, options);
            }

            var forRun = options.Snapshot();
            if (takeIdentities)
            {
                forRun.PatientIdentityProvider = identities;
            }

            forRun.CleanPixelData = cleanPixelData ?? options.CleanPixelData;
            return (new ConfidentialityProfileAnonymizer(forRun), forRun);
        };
}
