using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace DicomPipeline.IntegrationTests.Web;

/// <summary>The requests the web tests send, as the page or <c>curl -F</c> would.</summary>
internal static class WebRequests
{
    /// <summary>Posts the form of the original app: <c>dir_path</c>, <c>anonymize_flag</c> (left out when null), <c>csv_file</c> (left out when null).</summary>
    public static async Task<HttpResponseMessage> PostUploadAsync(
        HttpClient client, string? dirPath, string? anonymizeFlag = null, string? csv = null, string path = "/upload-dicom/", string? cleanPixelData = null)
    {
        using var form = new MultipartFormDataContent();
        if (cleanPixelData is not null)
        {
            form.Add(new StringContent(cleanPixelData), "clean_pixel_data");
        }

        if (dirPath is not null)
        {
            form.Add(new StringContent(dirPath), "dir_path");
        }

        if (anonymizeFlag is not null)
        {
            form.Add(new StringContent(anonymizeFlag), "anonymize_flag");
        }

        if (csv is not null)
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "csv_file", "clinical.csv");
        }

        return await client.PostAsync(new Uri(path, UriKind.Relative), form);
    }

    /// <summary>Reads a JSON body.</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>Checks that the answer is problem-details JSON with <paramref name="status"/>, without a stack trace, and returns it.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().Be(status, text);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        text.Should().NotContain("   at ", "problem details carry no stack trace");
        var problem = JsonSerializer.Deserialize<JsonElement>(text);
        problem.GetProperty("status").GetInt32().Should().Be(status);
        return problem;
    }

    /// <summary>Polls <c>GET statusUrl</c> until the job has finished (or 120 s have passed) and returns its last state.</summary>
    public static async Task<JsonElement> WaitForJobAsync(HttpClient client, string statusUrl, params string[] until)
    {
        var states = until.Length > 0 ? until : ["succeeded", "failed", "cancelled"];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            using var response = await client.GetAsync(new Uri(statusUrl, UriKind.Relative));
            response.EnsureSuccessStatusCode();
            var job = await JsonAsync(response);
            if (states.Contains(job.GetProperty("state").GetString()) || DateTime.UtcNow > deadline)
            {
                return job;
            }

            await Task.Delay(50);
        }
    }
}
