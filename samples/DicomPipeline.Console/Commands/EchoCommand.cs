using System.CommandLine;
using DicomPipeline.Destinations;
using DicomPipeline.Orthanc;
using DicomPipeline.Storage;

namespace DicomPipeline.ConsoleApp.Commands;

/// <summary>
/// <c>echo URI</c>: checks that a destination answers — C-ECHO for <c>dicom://AE@host:port</c>, a QIDO-RS request for
/// <c>dicomweb+http(s)://</c>, <c>GET /system</c> for <c>orthanc+http(s)://</c> — and prints one line.
/// </summary>
internal static class EchoCommand
{
    /// <summary>The environment variables the credentials come from (those of the first configured destination).</summary>
    private const string Prefix = "DicomPipeline__Destinations__0__";

    public static Command Create()
    {
        var uri = new Argument<string>("URI")
        {
            Description = "dicom://CALLED_AE@host:port, dicomweb+http(s)://host/path-to-dicomweb-root or orthanc+http(s)://host:port.",
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
            $"Check that a destination answers: C-ECHO, a DICOMweb query, or Orthanc's /system. Credentials come from {Prefix}Username, {Prefix}Password or {Prefix}BearerToken.")
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
                Timeout = seconds,
                ConnectTimeout = seconds,
            };
            var destination = new DicomDestinationFactory(o => new OrthancSystemCheck(o)).Create(options);
            var echo = await destination.EchoAsync(cancellationToken);
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

    /// <summary>Orthanc's <c>/system</c> behind the destination seam, for this verb only: it checks, it never sends.</summary>
    private sealed class OrthancSystemCheck(DestinationOptions options) : IDicomDestination
    {
        private readonly string _baseUrl = new UriBuilder(new Uri(options.Uri)) { Scheme = new Uri(options.Uri).Scheme["orthanc+".Length..] }.Uri.ToString().TrimEnd('/');

        public string DisplayName => options.Uri;

        public async Task<DestinationEcho> EchoAsync(CancellationToken cancellationToken = default)
        {
            using var connection = OrthancConnection.Create(new OrthancOptions
            {
                BaseUrl = _baseUrl,
                Username = options.Username,
                Password = options.Password,
                Timeout = options.Timeout,
                MaxRetryAttempts = 0,
            });
            try
            {
                var system = await connection.Client.GetSystemAsync(cancellationToken);
                return new DestinationEcho(true, $"{connection.ServerUrl} is Orthanc {system.Version} (AE {system.DicomAet}, DICOM port {system.DicomPort}).");
            }
            catch (Exception ex) when (ex is OrthancException or HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
            {
                return new DestinationEcho(false, $"{connection.ServerUrl}: {ex.Message.ReplaceLineEndings(" ")}");
            }
        }

        public Task<IReadOnlyList<DestinationOutcome>> SendAsync(IReadOnlyList<StoredInstance> instances, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The echo verb only checks Orthanc.");
    }
}
