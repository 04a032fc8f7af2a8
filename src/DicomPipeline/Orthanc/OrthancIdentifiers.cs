using System.Security.Cryptography;
using System.Text;

namespace DicomPipeline.Orthanc;

/// <summary>
/// Orthanc's resource identifiers, computed locally. Orthanc identifies a resource by the SHA-1 of its DICOM
/// identifiers joined with '|' (patient: PatientID; study: + StudyInstanceUID; series: + SeriesInstanceUID; instance:
/// + SOPInstanceUID), written as five groups of eight lowercase hex digits separated by '-'. So whether an instance is
/// already on the server can be asked with one cheap GET, before uploading it.
/// </summary>
public static class OrthancIdentifiers
{
    /// <summary>The length of an Orthanc identifier: 40 hex digits and 4 dashes.</summary>
    internal const int Length = 44;

    /// <summary>Orthanc's patient ID: SHA-1 of PatientID.</summary>
    /// <param name="patientId">PatientID (0010,0020); padding spaces are ignored, as Orthanc does.</param>
    /// <returns>The identifier, e.g. <c>e6248f44-b9c63b9f-d1b2d81b-76baee85-37848bce</c>.</returns>
    public static string ComputePatientId(string? patientId) => Hash(patientId);

    /// <summary>Orthanc's study ID: SHA-1 of "PatientID|StudyInstanceUID".</summary>
    /// <param name="patientId">PatientID (0010,0020).</param>
    /// <param name="studyInstanceUid">StudyInstanceUID (0020,000D).</param>
    /// <returns>The identifier.</returns>
    public static string ComputeStudyId(string? patientId, string? studyInstanceUid) => Hash(patientId, studyInstanceUid);

    /// <summary>Orthanc's series ID: SHA-1 of "PatientID|StudyInstanceUID|SeriesInstanceUID".</summary>
    /// <param name="patientId">PatientID (0010,0020).</param>
    /// <param name="studyInstanceUid">StudyInstanceUID (0020,000D).</param>
    /// <param name="seriesInstanceUid">SeriesInstanceUID (0020,000E).</param>
    /// <returns>The identifier.</returns>
    public static string ComputeSeriesId(string? patientId, string? studyInstanceUid, string? seriesInstanceUid) =>
        Hash(patientId, studyInstanceUid, seriesInstanceUid);

    /// <summary>Orthanc's instance ID: SHA-1 of "PatientID|StudyInstanceUID|SeriesInstanceUID|SOPInstanceUID".</summary>
    /// <param name="patientId">PatientID (0010,0020); a missing one counts as empty, as in Orthanc.</param>
    /// <param name="studyInstanceUid">StudyInstanceUID (0020,000D).</param>
    /// <param name="seriesInstanceUid">SeriesInstanceUID (0020,000E).</param>
    /// <param name="sopInstanceUid">SOPInstanceUID (0008,0018).</param>
    /// <returns>The identifier Orthanc gives the instance, e.g. <c>0a8ba881-b524442c-048562f1-8858fa0c-207516da</c>.</returns>
    public static string ComputeInstanceId(string? patientId, string? studyInstanceUid, string? seriesInstanceUid, string? sopInstanceUid) =>
        Hash(patientId, studyInstanceUid, seriesInstanceUid, sopInstanceUid);

    /// <summary>Whether <paramref name="id"/> has the shape of an Orthanc identifier (so it can go into a route as is).</summary>
    internal static bool IsWellFormed(string? id)
    {
        if (id is null || id.Length != Length)
        {
            return false;
        }

        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            var ok = i % 9 == 8 ? c == '-' : char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws when <paramref name="id"/> is not an Orthanc identifier.</summary>
    internal static void ThrowIfMalformed(string? id, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(id, parameterName);
        if (!IsWellFormed(id))
        {
            throw new ArgumentException("Not an Orthanc identifier (five groups of eight lowercase hex digits separated by '-').", parameterName);
        }
    }

    private static string Hash(params ReadOnlySpan<string?> parts)
    {
        var text = new StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                text.Append('|');
            }

            // Orthanc hashes the values with their padding removed (leading and trailing spaces, and NUL padding of UIDs).
            text.Append((parts[i] ?? string.Empty).Trim(' ', '\0'));
        }

        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
#pragma warning disable CA5350 // SHA-1 is what Orthanc uses for its identifiers; it is not used for security here.
        SHA1.HashData(Encoding.UTF8.GetBytes(text.ToString()), hash);
#pragma warning restore CA5350
        var hex = Convert.ToHexStringLower(hash);
        return string.Create(Length, hex, static (span, hex) =>
        {
            var source = 0;
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = i % 9 == 8 ? '-' : hex[source++];
            }
        });
    }
}
