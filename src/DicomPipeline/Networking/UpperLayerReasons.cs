namespace DicomPipeline.Networking;

/// <summary>The words of PS3.8 for the result, source and reason fields of A-ASSOCIATE-RJ (Table 9-21) and A-ABORT (Table 9-26).</summary>
internal static class UpperLayerReasons
{
    public static string DescribeReject(byte result, byte source, byte reason)
    {
        var permanence = result switch
        {
            1 => "permanent",
            2 => "transient",
            _ => $"result {result}",
        };
        var why = (source, reason) switch
        {
            (1, 1) => "no reason given",
            (1, 2) => "application context name not supported",
            (1, 3) => "calling AE title not recognized",
            (1, 7) => "called AE title not recognized",
            (2, 1) => "no reason given (ACSE service provider)",
            (2, 2) => "protocol version not supported",
            (3, 1) => "temporary congestion",
            (3, 2) => "local limit exceeded",
            _ => $"source {source}, reason {reason}",
        };
        return $"{why} ({permanence})";
    }

    public static string DescribeAbort(byte source, byte reason)
    {
        if (source != 2)
        {
            return source == 0 ? "by the peer application (service user)" : $"source {source}";
        }

        return reason switch
        {
            0 => "by the peer's upper layer, reason not specified",
            1 => "by the peer's upper layer: unrecognized PDU",
            2 => "by the peer's upper layer: unexpected PDU",
            4 => "by the peer's upper layer: unrecognized PDU parameter",
            5 => "by the peer's upper layer: unexpected PDU parameter",
            6 => "by the peer's upper layer: invalid PDU parameter value",
            _ => $"by the peer's upper layer, reason {reason}",
        };
    }
}
