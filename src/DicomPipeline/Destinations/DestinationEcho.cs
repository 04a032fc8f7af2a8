namespace DicomPipeline.Destinations;

/// <summary>The answer to <see cref="IDicomDestination.EchoAsync"/>.</summary>
/// <param name="Success">Whether the destination answered as expected.</param>
/// <param name="Message">One line: what answered (e.g. the AE or server version), or why it did not.</param>
public sealed record DestinationEcho(bool Success, string Message);
