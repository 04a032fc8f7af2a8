using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using DicomPipeline.Verification;

namespace DicomPipeline.ConsoleApp.Commands;

/// <summary>
/// <c>verify --output DIR [--input DIR] [--audit-dir DIR] [--dates-shifted] [--pixels]</c>: scans de-identified output for
/// identifying data that survived, one line per finding, and writes <c>verify-report.json</c>.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--output", "-o") { Description = "The de-identified folder to scan.", Required = true };
        var input = new Option<DirectoryInfo?>("--input", "-i") { Description = "The originals it was made from: their identifying values are searched for. Without it, only the checks that need no originals run." };
        var audit = new Option<DirectoryInfo?>("--audit-dir") { Description = "Also write verify-audit.csv here, with the text that matched (keep it where the originals are kept)." };
        var datesShifted = new Option<bool>("--dates-shifted") { Description = "The run shifted dates: a file not marked as such (0028,0303 MODIFIED) is a finding." };
        var pixels = new Option<bool>("--pixels") { Description = "Also read the text in every image's pixels with OCR (Tesseract) and report the originals' values read there (needs --input)." };
        var report = new Option<FileInfo?>("--report") { Description = "Where to write the JSON report; verify-report.json in the output folder by default." };
        var command = new Command("verify", "Scan de-identified output for identifying data that survived: exit 0 when nothing is found, 3 when something is, 1 when the scan cannot run.")
        {
            output, input, audit, datesShifted, pixels, report,
        };

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async () =>
        {
            var outputDirectory = parseResult.GetRequiredValue(output).FullName;
            var verifier = new OutputFolderVerifier(new VerificationOptions
            {
                AuditDirectory = parseResult.GetValue(audit)?.FullName,
                DatesShifted = parseResult.GetValue(datesShifted),
                InspectPixels = parseResult.GetValue(pixels),
            });
            var result = await verifier.VerifyAsync(outputDirectory, parseResult.GetValue(input)?.FullName, cancellationToken);

            foreach (var finding in result.Findings)
            {
                var where = finding.TagPath.Length == 0 ? "name" : finding.TagPath;
                var from = finding.OriginalAttribute is null ? string.Empty : $" (from {finding.OriginalAttribute})";
                Console.WriteLine($"{finding.File}: {where}: {finding.Kind}{from}");
            }

            foreach (var uninspected in result.PixelsNotInspected)
            {
                Console.WriteLine($"{uninspected.File}: pixels not inspected ({uninspected.Modality}, no BurnedInAnnotation NO)");
            }

            var reportPath = parseResult.GetValue(report)?.FullName ?? Path.Combine(outputDirectory, VerificationReport.FileName);
            var stream = File.Create(reportPath);
            await using (stream)
            {
                await JsonSerializer.SerializeAsync(stream, result, VerifyReportJsonContext.Default.VerificationReport, cancellationToken);
            }

            var files = result.Findings.Select(f => f.File).Distinct(StringComparer.Ordinal).Count();
            var against = result.OriginalsDirectory is null
                ? "without originals"
                : $"against {result.ValuesSearched} values from {result.OriginalsRead} originals";
            Console.WriteLine($"Scanned {result.DicomFilesScanned} DICOM files and {result.TextFilesScanned} other files {against}: "
                + $"{result.Findings.Count} findings in {files} files or folders, {result.PixelsNotInspected.Count} with pixels not inspected. Report: {reportPath}");
            return result.IsClean ? ExitCodes.Ok : ExitCodes.IdentifyingDataFound;
        }));
        return command;
    }
}

/// <summary>The shape of <c>verify-report.json</c>, source-generated (no reflection, so the console can be compiled ahead of time).</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VerificationReport))]
internal sealed partial class VerifyReportJsonContext : JsonSerializerContext;
