namespace DicomPipeline.Networking;

/// <summary>
/// A presentation context item as read from an association PDU: its ID, the result byte (meaningful in an
/// A-ASSOCIATE-AC only), the abstract syntax sub-item (a request's), and the transfer syntax sub-items (a request's
/// proposals, or the one an acceptance names).
/// </summary>
internal sealed record ContextItem(byte Id, byte Result, string? AbstractSyntax, IReadOnlyList<string> TransferSyntaxes);
