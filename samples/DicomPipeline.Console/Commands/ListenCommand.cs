using System.CommandLine;
using System.Globalization;
using DicomPipeline.Pipeline;
using DicomPipeline.Receiving;
using Microsoft.Extensions.DependencyInjection;

namespace DicomPipeline.ConsoleApp.Commands;

/// <summary>
/// <c>listen --ae-title AE --port N [--tls CERT,KEY] [--anonymize] [--destination URI]…</c>: the receiving gateway. Takes C-ECHO and
/// C-STORE, spools each instance durably, and runs the pipeline over each study once it is stable; one line per study.
/// </summary>
internal static class ListenCommand
{
    public static Command Create()
    {
        var aeTitle = new Option<string>("--ae-title") { Description = "The AE title callers must call.", DefaultValueFactory = _ => "DICOMPIPELINE" };
        var port = new Option<int>("--port") { Description = "The TCP port.", DefaultValueFactory = _ => 11112 };
        var bind = new Option<string>("--bind") { Description = "The address to listen on (0.0.0.0 for every interface).", DefaultValueFactory = _ => "127.0.0.1" };
        var spool = new Option<DirectoryInfo>("--spool") { Description = "Where received instances wait, durably, until their study is processed.", DefaultValueFactory = _ => new DirectoryInfo("spool") };
        var output = new Option<DirectoryInfo?>("--output", "-o") { Description = "The output folder; each study gets a sub-folder (default: DicomPipeline:Output:Directory, else ./output)." };
        var anonymize = new Option<bool>("--anonymize", "-a") { Description = "De-identify with the PS3.15 Basic Profile (needs DicomPipeline__Anonymization__Secret)." };
        var verify = new Option<bool>("--verify") { Description = "Check each stored file for identifying data left before it is sent." };
        var allow = new Option<string[]>("--allow-calling-ae") { Description = "A calling AE title allowed to send, repeatable; none: any caller.", AllowMultipleArgumentsPerToken = false };
        var destination = new Option<string[]>("--destination") { Description = "Send every processed instance here too, repeatable (as for run).", AllowMultipleArgumentsPerToken = false };
        var maxAssociations = new Option<int>("--max-associations") { Description = "Associations served at once.", DefaultValueFactory = _ => 8 };
        var stableAge = new Option<double>("--stable-age") { Description = "Seconds without a new instance after which a study is processed.", DefaultValueFactory = _ => 60 };
        var associationTimeout = new Option<double>("--association-timeout") { Description = "ARTIM: seconds a caller may take to send its association request (and the TLS handshake).", DefaultValueFactory = _ => 30 };
        var dimseTimeout = new Option<double>("--dimse-timeout") { Description = "Seconds an open association may stay silent before it is aborted.", DefaultValueFactory = _ => 60 };
        var maxPdu = new Option<int>("--max-pdu") { Description = "The largest P-DATA-TF PDU accepted, in bytes (announced to callers).", DefaultValueFactory = _ => 256 * 1024 };
        var tls = new Option<string?>("--tls") { Description = "CERT,KEY: PEM certificate and unencrypted key; callers must then speak TLS (1.2 or 1.3)." };
        var tlsCallers = new Option<FileInfo?>("--tls-trusted-callers") { Description = "PEM authorities a caller's certificate must chain to (with --tls); without it no caller certificate is asked for." };
        var command = new Command("listen", "Receive studies over DICOM (C-ECHO, C-STORE SCP), and de-identify, store and send each once it is stable.")
        {
            aeTitle, port, bind, spool, output, anonymize, verify, allow, destination, maxAssociations, stableAge,
            associationTimeout, dimseTimeout, maxPdu, tls, tlsCallers,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(tls) is { } files && files.Split(',') is not [{ Length: > 0 }, { Length: > 0 }])
            {
                result.AddError("--tls takes CERT,KEY: two PEM files separated by a comma.");
            }

            if (result.GetValue(tlsCallers) is not null && result.GetValue(tls) is null)
            {
                result.AddError("--tls-trusted-callers needs --tls: callers' certificates are checked only over TLS.");
            }
        });

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async () =>
        {
            var anonymizing = parseResult.GetValue(anonymize);
            var outputOverride = parseResult.GetValue(output)?.FullName;
            using var provider = PipelineHost.Create(o =>
            {
                o.RequireSecret = anonymizing;
                o.Output.Directory = outputOverride ?? o.Output.Directory;
            });
            var settings = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<DicomPipelineOptions>>().Value;
            var destinations = PipelineHost.CreateDestinations(provider, parseResult.GetValue(destination) ?? []);
            var options = new DicomReceiverOptions
            {
                AeTitle = parseResult.GetRequiredValue(aeTitle),
                Port = parseResult.GetValue(port),
                BindAddress = parseResult.GetRequiredValue(bind),
                SpoolDirectory = parseResult.GetRequiredValue(spool).FullName,
                OutputDirectory = Path.GetFullPath(settings.Output.Directory),
                MaxAssociations = parseResult.GetValue(maxAssociations),
                StableAge = TimeSpan.FromSeconds(parseResult.GetValue(stableAge)),
                AssociationTimeout = TimeSpan.FromSeconds(parseResult.GetValue(associationTimeout)),
                DimseTimeout = TimeSpan.FromSeconds(parseResult.GetValue(dimseTimeout)),
                MaxPduLength = parseResult.GetValue(maxPdu),
                TlsTrustedCallerCertificates = parseResult.GetValue(tlsCallers)?.FullName,
            };
            if (parseResult.GetValue(tls)?.Split(',') is [var certificate, var key])
            {
                options.TlsCertificate = Path.GetFullPath(certificate);
                options.TlsKey = Path.GetFullPath(key);
            }
            foreach (var caller in parseResult.GetValue(allow) ?? [])
            {
                options.AllowedCallingAeTitles.Add(caller);
            }

            var verifying = parseResult.GetValue(verify);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Listening as {options.AeTitle} on {options.BindAddress}:{options.Port}; Ctrl+C stops."));
            var failures = 0;
            try
            {
                await provider.GetRequiredService<IDicomReceiver>().RunAsync(
                    options,
                    (input, studyOutput) => new PipelineRequest
                    {
                        InputDirectory = input,
                        OutputDirectory = studyOutput,
                        Anonymize = anonymizing,
                        Verify = verifying,
                        Destinations = destinations.Count == 0 ? null : destinations,
                    },
                    new StudyLines(() => failures++),
                    cancellationToken);
            }
            finally
            {
                foreach (var sent in destinations)
                {
                    await sent.DisposeAsync();
                }
            }

            return failures == 0 ? ExitCodes.Ok : ExitCodes.SomeFilesFailed;
        }));
        return command;
    }

    /// <summary>Prints one line per study as it is processed, synchronously.</summary>
    private sealed class StudyLines(Action failed) : IProgress<ReceivedStudy>
    {
        public void Report(ReceivedStudy value)
        {
            if (value.Result is not { } result)
            {
                failed();
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"study {value.Number}: {value.Instances} received, failed: {value.Error}"));
                return;
            }

            var sends = string.Concat(result.Report.Destinations.Select(d => string.Create(CultureInfo.InvariantCulture,
                $", {d.Destination}: {d.Sent} sent{(d.AlreadyPresent > 0 ? $", {d.AlreadyPresent} already there" : string.Empty)}{(d.Refused + d.NotSent > 0 ? $", {d.Refused + d.NotSent} not sent ({d.Error})" : string.Empty)}")));
            var warnings = result.Report.Destinations.Sum(d => d.Warnings);
            var line = string.Create(CultureInfo.InvariantCulture,
                $"study {value.Number}: {value.Instances} received, {result.Stored} stored, {result.Skipped} skipped, {result.HeldBack} held back, {result.Failed} failed{sends}{(warnings > 0 ? $", {warnings} stored with a warning" : string.Empty)} -> {value.OutputDirectory}");
            if (!result.IsComplete)
            {
                failed();
                Console.Error.WriteLine(line);
            }
            else
            {
                Console.WriteLine(line);
            }
        }
    }
}
