using System.CommandLine;
using DicomPipeline.Destinations;

namespace DicomPipeline.ConsoleApp.Commands;

/// <summary>
/// <c>echo URI</c>: checks that a destination answers — C-ECHO for <c>dicom(+tls)://AE@host:port</c>, a QIDO-RS request for
/// <c>dicomweb+http(s)://</c>, <c>GET /system</c> for <c>orthanc+http(s)://</c> — and prints one line.
/// </summary>
internal static class EchoCommand
{
    /// <summary>The environment variables the credentials and TLS files come from (those of the first configured destination).</summary>
    private const string Prefix = "DicomPipeline__Destinations__0__";

    public static Command Create()
    {
        var uri = new Argument<string>("URI")
        {
            Description = "dicom://CALLED_AE@host:port, dicom+tls://CALLED_AE@host:port, dicomweb+http(s)://host/path-to-dicomweb-root or orthanc+http(s)://host:port.",
        };
        var callingAe = new Option<string>("--calling-ae")
        {
            Description = "The calling AE title for dicom:// destinations.",
            DefaultValueFactory = _ => DestinationOptions.DefaultCallingAeTitle,
        };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds to wait for the connection and for the answer.",
            DefaultValueFactory = _ => 10,
        };
        var command = new Command(
            "echo",
            $"Check that a destination answers: C-ECHO, a DICOMweb query, or Orthanc's /system. Credentials come from {Prefix}Username, {Prefix}Password or {Prefix}BearerToken; TLS files for dicom+tls:// from {Prefix}TlsTrustedCertificates, {Prefix}TlsClientCertificate and {Prefix}TlsClientKey.")
        {
            uri,
            callingAe,
            timeout,
        };

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async () =>
        {
            var seconds = TimeSpan.FromSeconds(parseResult.GetValue(timeout));
            var options = new DestinationOptions
            {
                Uri = parseResult.GetRequiredValue(uri),
                CallingAeTitle = parseResult.GetRequiredValue(callingAe),
                Username = Environment.GetEnvironmentVariable(Prefix + "Username"),
                Password = Environment.GetEnvironmentVariable(Prefix + "Password"),
                BearerToken = Environment.GetEnvironmentVariable(Prefix + "BearerToken"),
                TlsTrustedCertificates = Environment.GetEnvironmentVariable(Prefix + "TlsTrustedCertificates"),
                TlsClientCertificate = Environment.GetEnvironmentVariable(Prefix + "TlsClientCertificate"),
                TlsClientKey = Environment.GetEnvironmentVariable(Prefix + "TlsClientKey"),
                Timeout = seconds,
                ConnectTimeout = seconds,
            };
            var destination = new DicomDestinationFactory().Create(options);
            DestinationEcho echo;
            try
            {
                echo = await destination.EchoAsync(cancellationToken);
            }
            finally
            {
                (destination as IDisposable)?.Dispose();
            }

            if (echo.Success)
            {
                Console.WriteLine(echo.Message);
                return ExitCodes.Ok;
            }

            await Console.Error.WriteLineAsync("error: " + echo.Message);
            return ExitCodes.UsageOrBadInput;
        }));
        return command;
    }
}
