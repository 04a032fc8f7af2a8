using DicomPipeline.Anonymization;

namespace DicomPipeline.Pipeline;

/// <summary>Chooses the anonymizer of each run.</summary>
internal static class Anonymizers
{
    /// <summary>
    /// The configured anonymizer, or, when a clinical CSV supplies the run's patient identities and the configured one is
    /// the built-in profile without an identity provider of its own, a copy of it that takes them. An anonymizer of the
    /// application's own is used as it is: it decides its identities.
    /// </summary>
    /// <param name="options">The options the configured anonymizer was made with.</param>
    /// <param name="configured">Gives the configured anonymizer; throws when the options are invalid (no secret).</param>
    public static Func<IPatientIdentityProvider?, IAnonymizer> PerRun(AnonymizationOptions options, Func<IAnonymizer> configured) =>
        identities =>
        {
            var anonymizer = configured();
            if (identities is null || anonymizer is not ConfidentialityProfileAnonymizer || options.PatientIdentityProvider is not null)
            {
                return anonymizer;
            }

            var withIdentities = options.Snapshot();
            withIdentities.PatientIdentityProvider = identities;
            return new ConfidentialityProfileAnonymizer(withIdentities);
        };
}
