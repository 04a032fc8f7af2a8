namespace DicomPipeline.IntegrationTests.Infrastructure;

/// <summary>
/// npm packages used as independent peers (e.g. dcmjs-dimse as a C-STORE SCU), installed by <c>.ci/run</c> into
/// <c>.npm-peers/node_modules</c> of the test project (not committed); without them the tests that use them fail, they never skip.
/// </summary>
internal static class NpmPeer
{
    /// <summary>The dcmjs-dimse version <c>.ci/run</c> installs.</summary>
    public const string DcmjsDimseVersion = "0.3.3";

    /// <summary>The installed package's folder, for <c>require()</c>.</summary>
    /// <exception cref="InvalidOperationException">The package is not installed.</exception>
    public static string ModuleDirectory(string package)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DicomPipeline.IntegrationTests.csproj")))
            {
                var path = Path.Combine(directory.FullName, ".npm-peers", "node_modules", package);
                return File.Exists(Path.Combine(path, "package.json"))
                    ? path
                    : throw new InvalidOperationException($"{path} is missing: run .ci/run, or npm install --prefix {Path.Combine(directory.FullName, ".npm-peers")} {package}.");
            }
        }

        throw new InvalidOperationException("The test project's folder was not found above " + AppContext.BaseDirectory);
    }
}
