using System.Runtime.InteropServices;

namespace DicomPipeline.Redaction.Interop;

/// <summary>
/// Keeps Tesseract to one thread per engine. Debian's libtesseract is built with OpenMP, and its LSTM asks for up to
/// four threads per layer (a <c>num_threads</c> clause, which only OpenMP's thread limit caps); with one engine per
/// worker already using every core, those threads only wait, spinning: on the pixel benchmark they took 3 to 4 times
/// the CPU of the reading itself. libgomp reads <c>OMP_THREAD_LIMIT</c> once, when it is loaded, so the variable is
/// set in the process's native environment before libtesseract (and libgomp with it) is loaded, unless the
/// application set it already.
/// </summary>
internal static partial class OpenMpThreadLimit
{
    private const string Variable = "OMP_THREAD_LIMIT";
    private static readonly Lazy<bool> Applied = new(Apply, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Sets the limit once per process; to be called before the first engine loads libtesseract.</summary>
    public static void EnsureApplied() => _ = Applied.Value;

    private static bool Apply()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Variable) is not null)
        {
            return false;
        }

        // overwrite 0: a value the process's own native environment holds is kept.
        return SetEnvironment(Variable, "1", 0) == 0;
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironment(string name, string value, int overwrite);
}
