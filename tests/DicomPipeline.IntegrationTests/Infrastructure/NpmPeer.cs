namespace DicomPipeline.IntegrationTests.Infrastructure;

/// <summary>
/// npm packages the tests use — independent peers (dcmjs-dimse as a C-STORE SCU) and axe-core — in folders of the test
/// project that are never committed. <c>.ci/run</c> installs them; a clone where only <c>dotnet test</c> runs (the
/// README's second command) gets them from the first test that needs one. When npm cannot install them those tests
/// fail, they never skip.
/// </summary>
internal static class NpmPeer
{
    /// <summary>The dcmjs-dimse version <c>.ci/run</c> installs.</summary>
    public const string DcmjsDimseVersion = "0.3.3";

    private static readonly Lock InstallGate = new();

    /// <summary>The installed package's folder, for <c>require()</c> (only dcmjs-dimse is a peer).</summary>
    /// <exception cref="InvalidOperationException">The package is not installed and npm could not install it.</exception>
    public static string ModuleDirectory(string package) =>
        package == "dcmjs-dimse"
            ? Require(".npm-peers", package, DcmjsDimseVersion)
            : throw new ArgumentException($"{package} is not one of the npm peers these tests install.", nameof(package));

    /// <summary>
    /// The folder of <paramref name="package"/> in <c>node_modules</c> under <paramref name="prefix"/> (a folder of the test
    /// project), installed there at <paramref name="version"/> first when missing.
    /// </summary>
    /// <exception cref="InvalidOperationException">npm could not install it; the message says how to.</exception>
    public static string Require(string prefix, string package, string version)
    {
        var prefixPath = Path.Combine(TestProjectDirectory(), prefix);
        var folder = Path.Combine(prefixPath, "node_modules", package);
        lock (InstallGate)
        {
            if (File.Exists(Path.Combine(folder, "package.json")))
            {
                return folder;
            }

            var install = $"npm install --prefix {prefixPath} --no-save --no-audit --no-fund {package}@{version}";
            ProcessResult result;
            try
            {
                result = ProcessRunner.RunAsync(
                    "npm",
                    ["install", "--prefix", prefixPath, "--no-save", "--no-audit", "--no-fund", $"{package}@{version}"],
                    TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or TimeoutException)
            {
                throw new InvalidOperationException($"{folder} is missing and npm could not be run ({ex.Message}): run .ci/run, or {install}.", ex);
            }

            return result.ExitCode == 0 && File.Exists(Path.Combine(folder, "package.json"))
                ? folder
                : throw new InvalidOperationException($"{folder} is missing and {install} failed: {result}");
        }
    }

    private static string TestProjectDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DicomPipeline.IntegrationTests.csproj")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The test project's folder was not found above " + AppContext.BaseDirectory);
    }
}
