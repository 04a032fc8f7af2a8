using DicomPipeline.Csv;
using DicomPipeline.Web.Jobs;
using DicomPipeline.Web.Safety;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Web.Endpoints;

/// <summary>
/// <c>POST /upload-dicom/</c> (and without the slash): the form of the original app (<c>dir_path</c>,
/// <c>anonymize_flag</c>, <c>csv_file</c>) as multipart, from the page or <c>curl -F</c>. Everything that can be checked
/// is checked before the job is queued (the folder against the allowed roots, the CSV's size and content), so a refused
/// post leaves nothing behind.
/// </summary>
internal static class UploadEndpoints
{
    public static void MapUploadEndpoints(this IEndpointRouteBuilder app)
    {
        // Routing ignores a trailing slash: this one route answers /upload-dicom/ and /upload-dicom alike.
        app.MapPost("/upload-dicom", UploadAsync)
            .DisableAntiforgery()
            .WithName("UploadDicom")
            .WithSummary("Starts a job: de-identify dir_path (inside an allowed root), join csv_file, store, upload to Orthanc and send to the configured destinations.")
            .WithDescription("multipart/form-data fields: dir_path (text, required), anonymize_flag (true/false/on, true when left out), clean_pixel_data (true/false/on, the configured choice when left out), csv_file (file, optional).")
            .Produces<JobAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> UploadAsync(
        HttpRequest request,
        InputFolderGuard guard,
        PreparedCsvMerger csvMerger,
        PrivateWorkspace workspace,
        JobQueue queue,
        TimeProvider time,
        IOptions<WebSampleOptions> webOptions,
        IOptions<CsvMergeOptions> csvOptions,
        ConfiguredDestinations destinations,
        CancellationToken cancellationToken)
    {
        var limits = webOptions.Value.Limits;
        var maxBody = limits.MaxCsvBytes + WebLimits.FormOverheadBytes;
        var tooLarge = $"csv_file may be at most {limits.MaxCsvBytes} bytes (DicomPipeline:Limits:MaxCsvBytes).";
        if (!request.HasFormContentType)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Form expected",
                detail: "Post multipart/form-data with dir_path, anonymize_flag and csv_file, e.g. curl -F dir_path=/data/export -F csv_file=@clinical.csv.");
        }

        // Before the body is read: a full queue costs nothing.
        if (!queue.HasRoom)
        {
            return QueueFull(limits);
        }

        if (request.ContentLength > maxBody)
        {
            return Problems.TooLarge(tooLarge);
        }

        IFormCollection form;
        try
        {
            if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            {
                sizeFeature.MaxRequestBodySize = maxBody;
            }

            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = maxBody, ValueLengthLimit = 64 * 1024 }, cancellationToken);
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.TooLarge(tooLarge);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException and not BadHttpRequestException)
        {
            return Problems.BadRequest("Malformed form", "The multipart body could not be read.");
        }

        if (!TryReadFlag(form["anonymize_flag"], out var anonymize))
        {
            return Problems.BadRequest("Invalid anonymize_flag", "anonymize_flag must be true or false (a checked checkbox sends 'on'); it is true when left out.");
        }

        bool? cleanPixelData = null;
        if (form.ContainsKey("clean_pixel_data"))
        {
            if (!TryReadFlag(form["clean_pixel_data"], out var clean))
            {
                return Problems.BadRequest("Invalid clean_pixel_data", "clean_pixel_data must be true or false (a checked checkbox sends 'on'); the configured choice applies when it is left out.");
            }

            if (clean && !anonymize)
            {
                return Problems.BadRequest("clean_pixel_data needs de-identification", "Cleaning burned-in text is part of de-identification: set anonymize_flag too, or leave clean_pixel_data out.");
            }

            cleanPixelData = clean;
        }

        // Pasted paths often carry a trailing space or line break.
        if (!guard.TryResolve(form["dir_path"].ToString().Trim(), out var folder, out var refusal))
        {
            return Problems.BadRequest("dir_path refused", refusal);
        }

        var csvFile = form.Files.GetFile("csv_file");
        if (csvFile is not null && csvFile.Length > limits.MaxCsvBytes)
        {
            return Problems.TooLarge(tooLarge);
        }

        // A browser sends an unnamed empty part when no file was chosen; a named empty file is a mistake worth saying.
        if (csvFile is { Length: 0 } && !string.IsNullOrEmpty(csvFile.FileName))
        {
            return Problems.BadRequest("The CSV cannot be used", "csv_file is empty: it needs at least a header row with the key column.");
        }

        var jobId = Guid.NewGuid();
        string? csvPath = null;
        var work = Path.Combine(workspace.Root, jobId.ToString());
        if (csvFile is { Length: > 0 })
        {
            work = workspace.CreateJobFolder(jobId);
            csvPath = Path.Combine(work, "clinical.csv");
            try
            {
                var target = PrivateWorkspace.CreatePrivateFile(csvPath);
                await using (target)
                {
                    await csvFile.CopyToAsync(target, cancellationToken);
                }

                // Read and checked whole now, so a malformed CSV is refused before anything is queued or written; the job
                // is handed this same table rather than parsing the file again.
                _ = await csvMerger.PrepareAsync(csvPath, csvOptions.Value, cancellationToken);
            }
            catch (CsvMergeException ex)
            {
                PrivateWorkspace.DeleteFolder(work);
                return CsvProblem(ex);
            }
            catch
            {
                PrivateWorkspace.DeleteFolder(work);
                throw;
            }
        }

        var csvName = csvFile is null ? null : Path.GetFileName(csvFile.FileName);
        var jobRequest = new JobRequest(
            folder,
            anonymize,
            cleanPixelData,
            csvPath,
            string.IsNullOrEmpty(csvName) ? null : csvName[..Math.Min(csvName.Length, 200)],
            csvOptions.Value,
            webOptions.Value.UploadToOrthanc ?? destinations.Names.Count == 0,
            destinations.Names,
            work);
        var job = new WebJob(jobId, jobRequest, time.GetUtcNow());
        if (!queue.TryEnqueue(job))
        {
            job.Dispose();
            if (csvPath is not null)
            {
                csvMerger.Forget(csvPath);
            }

            PrivateWorkspace.DeleteFolder(work);
            return QueueFull(limits);
        }

        var statusUrl = "/jobs/" + jobId.ToString();
        return Results.Accepted(statusUrl, new JobAccepted(jobId, statusUrl));
    }

    private static IResult QueueFull(WebLimits limits) =>
        Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Too many jobs waiting",
            detail: $"{limits.MaxQueuedJobs} jobs are already waiting (DicomPipeline:Limits:MaxQueuedJobs); try again when one has finished.");

    /// <summary>The line, column and reason, never a cell's content nor the temporary file's path.</summary>
    private static IResult CsvProblem(CsvMergeException ex)
    {
        if (ex.Line <= 0)
        {
            return Problems.BadRequest("The CSV cannot be used", ex.Reason.Length > 0 ? ex.Reason : "The CSV cannot be read.");
        }

        var where = ex.ColumnName is null ? $"line {ex.Line}, column {ex.Column}" : $"line {ex.Line}, column {ex.Column} ('{ex.ColumnName}')";
        return Problems.BadRequest(
            "The CSV cannot be used",
            $"csv_file, {where}: {ex.Reason}",
            new Dictionary<string, object?> { ["line"] = ex.Line, ["column"] = ex.Column, ["columnName"] = ex.ColumnName });
    }

    private static bool TryReadFlag(string? value, out bool flag)
    {
        switch (value?.Trim().ToUpperInvariant())
        {
            case null or "":
            case "TRUE" or "ON" or "1" or "YES":
                flag = true;
                return true;
            case "FALSE" or "OFF" or "0" or "NO":
                flag = false;
                return true;
            default:
                flag = false;
                return false;
        }
    }
}
