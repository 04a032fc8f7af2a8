namespace DicomPipeline.Networking;

/// <summary>
/// One presentation context: proposed with an abstract syntax (a SOP class) and the transfer syntaxes this side can
/// send it in; after negotiation, the peer's result and the one transfer syntax it accepted (PS3.8 sections 9.3.2.2 and 9.3.3.2).
/// </summary>
internal sealed class PresentationContext
{
    public PresentationContext(byte id, string abstractSyntax, IReadOnlyList<string> transferSyntaxes)
    {
        Id = id;
        AbstractSyntax = abstractSyntax;
        TransferSyntaxes = transferSyntaxes;
    }

    /// <summary>The context ID: odd, 1 to 255.</summary>
    public byte Id { get; }

    public string AbstractSyntax { get; }

    /// <summary>The proposed transfer syntaxes, in order of preference.</summary>
    public IReadOnlyList<string> TransferSyntaxes { get; }

    /// <summary>The peer's result: 0 acceptance, 1 user rejection, 2 no reason, 3 abstract syntax not supported, 4 transfer syntaxes not supported.</summary>
    public byte Result { get; set; } = 2;

    /// <summary>The transfer syntax the peer accepted, when <see cref="Result"/> is 0.</summary>
    public string? AcceptedTransferSyntax { get; set; }

    /// <summary>
    /// A transfer syntax the peer said it accepted although it was not among the proposed ones: such a context is not
    /// used (sending in a syntax the peer did not agree to, or one it invented, corrupts data), and its result stays unaccepted.
    /// </summary>
    public string? UnproposedTransferSyntax { get; set; }

    public bool IsAccepted => Result == 0 && AcceptedTransferSyntax is not null;

    /// <summary>Why the peer did not accept the context, in PS3.8 Table 9-18's words.</summary>
    public string ResultDescription => Result switch
    {
        _ when UnproposedTransferSyntax is not null => $"refused: the peer accepted transfer syntax {UnproposedTransferSyntax}, which was not proposed (non-conformant peer)",
        0 when AcceptedTransferSyntax is null => "accepted by the peer without a transfer syntax (non-conformant peer)",
        0 => "accepted",
        1 => "rejected by the peer (user rejection)",
        2 => "rejected by the peer (no reason given)",
        3 => "SOP class not supported by the peer",
        4 => "transfer syntax not accepted by the peer",
        _ => $"rejected by the peer (result {Result})",
    };
}
