namespace DicomPipeline.Destinations;

/// <summary>
/// Makes an <see cref="IDicomDestination"/> from <see cref="DestinationOptions"/>, choosing the protocol by the URI's
/// scheme: <c>dicom://CALLED_AE@host:port</c> (C-STORE), <c>dicomweb+http(s)://host/root</c> (STOW-RS), and
/// <c>orthanc+http(s)://host:port</c> through the delegate given to the constructor.
/// </summary>
public sealed class DicomDestinationFactory
{
    private readonly Func<DestinationOptions, IDicomDestination>? _orthanc;

    /// <summary>Creates a factory.</summary>
    /// <param name="orthancDestination">
    /// Makes the destination for <c>orthanc+http(s)://</c> addresses (Orthanc's REST API); without it such addresses are
    /// refused. It receives a copy of the options.
    /// </param>
    public DicomDestinationFactory(Func<DestinationOptions, IDicomDestination>? orthancDestination = null)
    {
        _orthanc = orthancDestination;
    }

    /// <summary>Makes the destination <paramref name="options"/> describe; nothing is sent or connected yet.</summary>
    /// <param name="options">The destination's address and settings; copied, so later changes have no effect.</param>
    /// <returns>The destination.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid (the message says which and why, never a password).</exception>
    /// <exception cref="NotSupportedException">An <c>orthanc+http(s)://</c> address, and no delegate was given for it.</exception>
    public IDicomDestination Create(DestinationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = Copy(options);
        if (DestinationOptionsValidator.Check(copy) is { } error || !DestinationAddress.TryParse(copy.Uri, out var address, out error))
        {
            throw new ArgumentException(error, nameof(options));
        }

        return address.Protocol switch
        {
            DestinationProtocol.Dimse => new DimseDestination(address, copy),
            DestinationProtocol.Orthanc => _orthanc?.Invoke(copy)
                ?? throw new NotSupportedException($"{address.DisplayName}: no Orthanc destination was given to this factory."),
            _ => throw new NotSupportedException($"{address.DisplayName}: DICOMweb is not supported yet."),
        };
    }

    private static DestinationOptions Copy(DestinationOptions options) => new()
    {
        Uri = options.Uri,
        Username = options.Username,
        Password = options.Password,
        BearerToken = options.BearerToken,
        CallingAeTitle = options.CallingAeTitle,
        Parallelism = options.Parallelism,
        BatchSize = options.BatchSize,
        MaxBatchBytes = options.MaxBatchBytes,
        Timeout = options.Timeout,
        ConnectTimeout = options.ConnectTimeout,
    };
}
