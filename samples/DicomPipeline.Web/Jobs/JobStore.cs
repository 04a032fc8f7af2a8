using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DicomPipeline.Csv;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Web.Jobs;

/// <summary>
/// The jobs in an embedded SQLite database (<see cref="WebSettings.JobDatabase"/>; by default <c>data/jobs.db</c> in the
/// app's content root), so a restart keeps them: finished jobs with their views, queued ones to run, and running
/// ones, marked interrupted. One row per job, written at every change of state; the file is readable by this user only,
/// since input folders and CSV names may name patients. A de-identified job's view names the files it did not store by
/// number, never by path (<see cref="ReportSummary"/>).
/// </summary>
internal sealed class JobStore : IDisposable
{
    private static readonly JsonSerializerOptions Json = CreateJsonOptions();

    private readonly Lock _lock = new();
    private readonly SqliteConnection _connection;
    private readonly int _listedItems;
    private readonly ConcurrentDictionary<string, bool> _deidentified = new(StringComparer.Ordinal);

    public JobStore(IOptions<WebSampleOptions> webOptions, IHostEnvironment environment)
    {
        var web = webOptions.Value.Web;
        _listedItems = web.ListedItems;
        Path = System.IO.Path.GetFullPath(
            string.IsNullOrWhiteSpace(web.JobDatabase)
                ? System.IO.Path.Combine(environment.ContentRootPath, "data", "jobs.db")
                : web.JobDatabase);
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        if (!Directory.Exists(folder))
        {
            PrivateWorkspace.CreatePrivateFolder(folder);
        }

        if (!File.Exists(Path) && !OperatingSystem.IsWindows())
        {
            // Created empty and owner-only before SQLite opens it, so it is never readable by others.
            File.Create(Path, 0, FileOptions.None).Dispose();
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        _connection.Open();

        // Text a row no longer holds (a view rewritten without input paths) is zeroed, not left in free space of the file.
        Execute("PRAGMA secure_delete = ON");
        Execute("""
            CREATE TABLE IF NOT EXISTS jobs (
                id TEXT PRIMARY KEY,
                created TEXT NOT NULL,
                state TEXT NOT NULL,
                started TEXT,
                finished TEXT,
                error TEXT,
                outcome TEXT,
                output_deleted INTEGER NOT NULL DEFAULT 0,
                request TEXT NOT NULL,
                view TEXT)
            """);
        Execute("CREATE TABLE IF NOT EXISTS deidentified_studies (uid TEXT PRIMARY KEY)");
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT uid FROM deidentified_studies";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            _deidentified[reader.GetString(0)] = true;
        }
    }

    /// <summary>Whether this app de-identified the study (a job of it, or its anonymize-all), by StudyInstanceUID.</summary>
    public bool WasDeidentifiedHere(string studyInstanceUid) => _deidentified.ContainsKey(studyInstanceUid);

    /// <summary>Remembers studies this app de-identified, by the StudyInstanceUIDs it gave them.</summary>
    public void RecordDeidentified(IEnumerable<string> studyInstanceUids)
    {
        lock (_lock)
        {
            foreach (var uid in studyInstanceUids)
            {
                if (string.IsNullOrEmpty(uid) || !_deidentified.TryAdd(uid, true))
                {
                    continue;
                }

                using var insert = _connection.CreateCommand();
                insert.CommandText = "INSERT OR IGNORE INTO deidentified_studies (uid) VALUES ($uid)";
                insert.Parameters.AddWithValue("$uid", uid);
                insert.ExecuteNonQuery();
            }
        }
    }

    /// <summary>The StudyInstanceUIDs of a de-identifying job's <c>manifest.csv</c> (its third column).</summary>
    public static IEnumerable<string> StudiesInManifest(string manifestPath)
    {
        if (!File.Exists(manifestPath))
        {
            yield break;
        }

        var first = true;
        foreach (var line in File.ReadLines(manifestPath))
        {
            if (first)
            {
                first = false;
                continue;
            }

            var fields = SplitCsvLine(line);
            if (fields.Count > 2)
            {
                yield return fields[2];
            }
        }
    }

    // One CSV line's fields (RFC 4180 quoting; a manifest's values hold no line breaks).
    private static List<string> SplitCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Writes the job's row as it is now; a finished job's view is kept with it.</summary>
    public void Save(WebJob job)
    {
        string? view = null;
        string? outcome = job.StoredOutcome;
        if (job.IsFinished && job.State != JobState.Interrupted && job.StoredView is null)
        {
            var current = JobView.From(job, _listedItems);
            view = JsonSerializer.Serialize(current, Json);
            outcome = current.Outcome;
        }
        else if (job.StoredView is { } stored)
        {
            view = stored.ToJsonString(Json);
        }

        var request = job.Request;
        var row = new RequestRow(request.InputDirectory, request.Anonymize, request.CsvPath, request.CsvName, request.UploadToOrthanc, [.. request.Destinations], request.WorkDirectory, request.CleanPixelData);
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                INSERT INTO jobs (id, created, state, started, finished, error, outcome, output_deleted, request, view)
                VALUES ($id, $created, $state, $started, $finished, $error, $outcome, $deleted, $request, $view)
                ON CONFLICT(id) DO UPDATE SET state = excluded.state, started = excluded.started, finished = excluded.finished,
                    error = excluded.error, outcome = excluded.outcome, output_deleted = excluded.output_deleted, view = excluded.view
                """;
            command.Parameters.AddWithValue("$id", job.Id.ToString());
            command.Parameters.AddWithValue("$created", Time(job.CreatedAt));
            command.Parameters.AddWithValue("$state", job.State.ToString());
            command.Parameters.AddWithValue("$started", (object?)Time(job.StartedAt) ?? DBNull.Value);
            command.Parameters.AddWithValue("$finished", (object?)Time(job.FinishedAt) ?? DBNull.Value);
            command.Parameters.AddWithValue("$error", (object?)job.Error ?? DBNull.Value);
            command.Parameters.AddWithValue("$outcome", (object?)outcome ?? DBNull.Value);
            command.Parameters.AddWithValue("$deleted", job.OutputDeleted ? 1 : 0);
            command.Parameters.AddWithValue("$request", JsonSerializer.Serialize(row, Json));
            command.Parameters.AddWithValue("$view", (object?)view ?? DBNull.Value);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Forgets a job.</summary>
    public void Delete(Guid id)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM jobs WHERE id = $id";
            command.Parameters.AddWithValue("$id", id.ToString());
            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Every job kept, oldest first, with <paramref name="csv"/> (the configured CSV options) as their CSV options. A
    /// de-identified job's view kept by an older version, which named the files not stored by path, is numbered and
    /// written back.
    /// </summary>
    public IReadOnlyList<WebJob> Load(CsvMergeOptions csv)
    {
        lock (_lock)
        {
            var renumbered = new List<(Guid Id, JsonObject View)>();
            var jobs = ReadJobs(csv, renumbered);
            foreach (var (id, view) in renumbered)
            {
                using var update = _connection.CreateCommand();
                update.CommandText = "UPDATE jobs SET view = $view WHERE id = $id";
                update.Parameters.AddWithValue("$id", id.ToString());
                update.Parameters.AddWithValue("$view", view.ToJsonString(Json));
                update.ExecuteNonQuery();
            }

            return jobs;
        }
    }

    private List<WebJob> ReadJobs(CsvMergeOptions csv, List<(Guid Id, JsonObject View)> renumbered)
    {
        var jobs = new List<WebJob>();
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT id, created, state, started, finished, error, outcome, output_deleted, request, view FROM jobs ORDER BY created";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = Guid.Parse(reader.GetString(0));
            var row = JsonSerializer.Deserialize<RequestRow>(reader.GetString(8), Json)!;
            var request = new JobRequest(row.InputDirectory, row.Anonymize, row.CleanPixelData, row.CsvPath, row.CsvName, csv, row.UploadToOrthanc, row.Destinations, row.WorkDirectory);
            var view = reader.IsDBNull(9) ? null : JsonNode.Parse(reader.GetString(9)) as JsonObject;
            if (view is not null && NumberNotStored(view))
            {
                renumbered.Add((id, view));
            }

            jobs.Add(WebJob.Restore(
                id,
                request,
                ParseTime(reader.GetString(1)),
                Enum.Parse<JobState>(reader.GetString(2)),
                reader.IsDBNull(3) ? null : ParseTime(reader.GetString(3)),
                reader.IsDBNull(4) ? null : ParseTime(reader.GetString(4)),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                view,
                reader.GetInt64(7) != 0));
        }

        return jobs;
    }

    /// <summary>
    /// Numbers the files not stored of a de-identified job's view kept by a version that named them by input path, as
    /// its report.json numbers them (<see cref="ReportSummary"/>); false when there was nothing to change.
    /// </summary>
    private static bool NumberNotStored(JsonObject view)
    {
        if (view["result"]?["report"] is not JsonObject report
            || report["anonymized"]?.GetValueKind() != JsonValueKind.True
            || report["notStored"] is not JsonArray files)
        {
            return false;
        }

        var changed = false;
        for (var i = 0; i < files.Count; i++)
        {
            var numbered = FormattableString.Invariant($"input file #{i + 1}");
            if (files[i] is JsonObject file && (file["path"]?.GetValueKind() != JsonValueKind.String || file["path"]!.GetValue<string>() != numbered))
            {
                file["path"] = numbered;
                changed = true;
            }
        }

        if (changed)
        {
            // Whether the app had an audit folder then is not kept with such a view.
            report["notStoredPaths"] = null;
            report["notStoredNote"] = ReportSummary.NumberedNote + "Their paths are in the job's audit folder (not-stored.csv), if the app had one when the job ran.";
        }

        return changed;
    }

    /// <summary>The JSON the HTTP answers are written in (camelCase names, enums as camelCase strings).</summary>
    public static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }

    public void Dispose() => _connection.Dispose();

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string? Time(DateTimeOffset? time) => time?.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    /// <summary>
    /// What a job was asked, as kept: the CSV options are the configured ones at every start. Fields added later have a
    /// default, so rows written by an older version still load.
    /// </summary>
    private sealed record RequestRow(
        string InputDirectory,
        bool Anonymize,
        string? CsvPath,
        string? CsvName,
        bool UploadToOrthanc,
        string[] Destinations,
        string WorkDirectory,
        bool? CleanPixelData = null);
}
