using Microsoft.Extensions.Logging;

namespace DicomPipeline.Receiving;

/// <summary>The receiver's log lines: AE titles, addresses, counts and reasons, never patient data.</summary>
internal static partial class ReceiverLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Listening as AE '{AeTitle}' on {Address}:{Port}, spool {Spool}")]
    public static partial void Listening(this ILogger logger, string aeTitle, string address, int port, string spool);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Association from {Peer} (calling AE '{Calling}', called AE '{Called}') rejected: {Reason}")]
    public static partial void Rejected(this ILogger logger, string peer, string calling, string called, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Association from {Peer} (calling AE '{Calling}') accepted: {Accepted} of {Proposed} presentation contexts")]
    public static partial void Accepted(this ILogger logger, string peer, string calling, int accepted, int proposed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Association from {Peer} aborted {Reason}; an instance in transfer is dropped")]
    public static partial void Aborted(this ILogger logger, string peer, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Association from {Peer} ended: {Reason}")]
    public static partial void Failed(this ILogger logger, string peer, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "An instance from {Peer} could not be written to the spool, answered A700H (out of resources): {Reason}")]
    public static partial void OutOfResources(this ILogger logger, string peer, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An instance from {Peer} cannot be read and was not kept: {Reason}")]
    public static partial void Unreadable(this ILogger logger, string peer, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Study {Number}: {Instances} instance(s) processed into {Output}")]
    public static partial void StudyProcessed(this ILogger logger, int number, int instances, string output);

    [LoggerMessage(Level = LogLevel.Error, Message = "Study {Number}: processing failed, kept in {Folder}: {Reason}")]
    public static partial void StudyFailed(this ILogger logger, int number, string folder, string reason);
}
