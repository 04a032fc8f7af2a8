using System.Diagnostics;

namespace DicomPipeline.Tests;

/// <summary>Makes a named pipe (FIFO) with coreutils' <c>mkfifo</c>: a file nobody may open for reading.</summary>
internal static class NamedPipes
{
    public static void Make(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        mkfifo.ExitCode.Should().Be(0, "mkfifo made the pipe");
    }
}
