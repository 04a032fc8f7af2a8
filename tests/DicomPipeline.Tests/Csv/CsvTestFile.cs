using System.Text;

namespace DicomPipeline.Tests.Csv;

/// <summary>A CSV written to a temporary folder for one test, deleted afterwards.</summary>
internal sealed class CsvTestFile : IDisposable
{
    private readonly string _folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "csvmerge-" + Guid.NewGuid().ToString("N"));

    public CsvTestFile(string text, bool byteOrderMark = false)
        : this(Encoding.UTF8.GetPreamble().Where(_ => byteOrderMark).Concat(Encoding.UTF8.GetBytes(text)).ToArray())
    {
    }

    public CsvTestFile(byte[] bytes)
    {
        Directory.CreateDirectory(_folder);
        Path = System.IO.Path.Combine(_folder, "clinical.csv");
        File.WriteAllBytes(Path, bytes);
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
