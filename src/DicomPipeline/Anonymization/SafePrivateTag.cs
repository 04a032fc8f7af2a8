namespace DicomPipeline.Anonymization;

/// <summary>
/// A private attribute known to carry no identity, kept when <see cref="AnonymizationOptions.RetainSafePrivate"/> is on:
/// the private creator that reserves the block and the element's offset in it (the low byte of the element number), in
/// whichever odd group the creator appears.
/// </summary>
/// <param name="Creator">The Private Creator value, e.g. <c>SIEMENS CSA HEADER</c>.</param>
/// <param name="Element">The element offset in the creator's block, 0x00 to 0xFF (e.g. 0x08 for (0029,xx08)).</param>
public sealed record SafePrivateTag(string Creator, byte Element);
