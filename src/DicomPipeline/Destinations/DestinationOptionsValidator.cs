using Microsoft.Extensions.Options;

namespace DicomPipeline.Destinations;

/// <summary>
/// Validates <see cref="DestinationOptions"/> at start: a URI of a known scheme, a valid calling AE title, positive
/// limits and timeouts, credentials only where they mean something. Messages never repeat a password or token.
/// </summary>
internal sealed class DestinationOptionsValidator : IValidateOptions<DestinationOptions>
{
    /// <summary>The most associations or requests one destination may run at once.</summary>
    public const int MaxParallelism = 64;

    public ValidateOptionsResult Validate(string? name, DestinationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Check(options) is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
    }

    /// <summary>The first problem with <paramref name="options"/>, or null when they are valid.</summary>
    public static string? Check(DestinationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!DestinationAddress.TryParse(options.Uri, out var address, out var error))
        {
            return error;
        }

        var where = address.DisplayName;
        if (options.Parallelism is < 1 or > MaxParallelism)
        {
            return $"{where}: Parallelism must be between 1 and {MaxParallelism} (was {options.Parallelism}).";
        }

        if (options.BatchSize < 1)
        {
            return $"{where}: BatchSize must be at least 1 (was {options.BatchSize}).";
        }

        if (options.InstancesPerAssociation < 1)
        {
            return $"{where}: InstancesPerAssociation must be at least 1 when set (was {options.InstancesPerAssociation}).";
        }

        if (options.MaxBatchBytes < 1)
        {
            return $"{where}: MaxBatchBytes must be at least 1 (was {options.MaxBatchBytes}).";
        }

        if (options.Timeout <= TimeSpan.Zero || options.ConnectTimeout <= TimeSpan.Zero)
        {
            return $"{where}: Timeout and ConnectTimeout must be positive.";
        }

        if (!address.Tls && (options.TlsTrustedCertificates is { Length: > 0 } || options.TlsClientCertificate is { Length: > 0 } || options.TlsClientKey is { Length: > 0 }))
        {
            return $"{where}: the Tls settings are for dicom+tls:// destinations only.";
        }

        if (address.Tls && DicomTlsFiles.Check(options) is { } tlsError)
        {
            return $"{where}: {tlsError}";
        }

        if (address.Protocol == DestinationProtocol.Dimse)
        {
            if (!DestinationAddress.IsValidAeTitle(options.CallingAeTitle))
            {
                return $"{where}: CallingAeTitle must be 1 to 16 printable characters without a backslash.";
            }

            if (!string.IsNullOrEmpty(options.Username) || !string.IsNullOrEmpty(options.Password) || !string.IsNullOrEmpty(options.BearerToken))
            {
                return $"{where}: a DICOM network destination takes no username, password or bearer token.";
            }

            return null;
        }

        if (!string.IsNullOrEmpty(options.Password) && string.IsNullOrEmpty(options.Username) && string.IsNullOrEmpty(address.Username))
        {
            return $"{where}: a Password needs a Username.";
        }

        if (!string.IsNullOrEmpty(options.BearerToken) && address.Protocol == DestinationProtocol.Orthanc)
        {
            return $"{where}: Orthanc takes basic authentication, not a bearer token.";
        }

        return null;
    }
}
