using System.IO.Compression;
using System.Runtime.Versioning;
using DicomPipeline.IntegrationTests.Robustness;
using FluentAssertions;

namespace DicomPipeline.IntegrationTests.Packaging;

/// <summary>
/// <c>dotnet tool install DicomPipeline.Console</c> on linux-x64 gives the console compiled ahead of time, not the JIT
/// build: the installed command is the native executable with no managed entry assembly anywhere in the install, and
/// what it writes from real vendor files is byte for byte what the JIT console writes. The linux-arm64 package, cross-
/// compiled on the same machine, writes the same bytes too (run under qemu-user).
/// </summary>
[Collection(InstalledToolDefinition.Name)]
public sealed class ToolPackageTests : IDisposable
{
    /// <summary>ELF header e_machine values (the System V ABI's processor numbers): x86-64 and AArch64.</summary>
    private const ushort ElfMachineX86_64 = 0x3E;
    private const ushort ElfMachineAArch64 = 0xB7;

    /// <summary>
    /// Vendor files from pydicom's test data (Debian's python3-pydicom), each an instance of its own: GE CT, MR,
    /// secondary captures in RGB and YBR_FULL_422, an RT plan and an RT dose. (pydicom's MR_small variants in other
    /// encodings hold MR_small's SOP Instance UID, so the run would keep one and report the rest as duplicates.)
    /// </summary>
    private static readonly string[] VendorFiles =
        ["CT_small.dcm", "MR_small.dcm", "SC_rgb_small_odd.dcm", "SC_ybr_full_422_uncompressed.dcm", "rtplan.dcm", "rtdose.dcm"];

    private static readonly string PydicomTestFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    private readonly InstalledTool _tool;
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("tool-package-tests-");

    public ToolPackageTests(InstalledTool tool) => _tool = tool;

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void Pack_OnLinuxX64_NativeX64Arm64AnyAndPointerPackages()
    {
        Directory.GetFiles(_tool.PackageFolder, "*.nupkg").Select(Path.GetFileName).Should().BeEquivalentTo(
            ["DicomPipeline.Console.0.1.0.nupkg", "DicomPipeline.Console.linux-x64.0.1.0.nupkg", "DicomPipeline.Console.linux-arm64.0.1.0.nupkg", "DicomPipeline.Console.any.0.1.0.nupkg"],
            "deploy/pack-tool.sh packs linux-arm64 natively beside linux-x64 when Debian's aarch64 cross toolchain is installed (.ci/run installs it)");

        var settings = EntryText(Path.Combine(_tool.PackageFolder, "DicomPipeline.Console.0.1.0.nupkg"), "DotnetToolSettings.xml");
        settings.Should().Contain("RuntimeIdentifier=\"linux-x64\" Id=\"DicomPipeline.Console.linux-x64\"")
            .And.Contain("RuntimeIdentifier=\"linux-arm64\" Id=\"DicomPipeline.Console.linux-arm64\"")
            .And.Contain("RuntimeIdentifier=\"any\" Id=\"DicomPipeline.Console.any\"")
            .And.NotContain("osx-arm64", "the pointer package names only the packages that were built");

        foreach (var (rid, machine) in new[] { ("linux-x64", ElfMachineX86_64), ("linux-arm64", ElfMachineAArch64) })
        {
            using var native = ZipFile.OpenRead(Path.Combine(_tool.PackageFolder, $"DicomPipeline.Console.{rid}.0.1.0.nupkg"));
            native.Entries.Select(e => e.Name).Should().Contain("dicompipeline-cli")
                .And.NotContain(name => name.EndsWith(".dll", StringComparison.Ordinal) || name.EndsWith(".dbg", StringComparison.Ordinal));
            using var executable = native.Entries.Single(e => e.Name == "dicompipeline-cli").Open();
            var header = new byte[20];
            executable.ReadExactly(header);
            header[..4].Should().Equal([0x7F, (byte)'E', (byte)'L', (byte)'F'], $"{rid}'s package carries an executable, not IL");
            BitConverter.ToUInt16(header, 18).Should().Be(machine, $"{rid}'s executable is compiled for that processor (ELF e_machine)");
        }
    }

    [Fact]
    public async Task Install_Help_NamesTheInstalledCommandAndThePackageDescribesEveryVerb()
    {
        var help = await Infrastructure.ProcessRunner.RunAsync(_tool.Command, ["--help"]);

        help.ExitCode.Should().Be(0, help.StandardError);
        help.StandardOutput.Should().Contain("dicompipeline [command]").And.NotContain("dicompipeline-cli");
        EntryText(Path.Combine(_tool.PackageFolder, "DicomPipeline.Console.0.1.0.nupkg"), "DicomPipeline.Console.nuspec").Should().ContainAll(
            "run", "merge-shards", "listen", "verify", "echo", "demo", "synth", "dump", "studies", "anonymize-all-studies", "delete-all-studies");
    }

    [Fact]
    public void Install_OnLinuxX64_TheCommandIsTheNativeExecutable()
    {
        var target = new FileInfo(_tool.Command).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? _tool.Command;
        var header = new byte[4];
        using (var stream = File.OpenRead(target))
        {
            stream.ReadExactly(header);
        }

        header.Should().Equal([0x7F, (byte)'E', (byte)'L', (byte)'F'], "the installed command is an executable for this machine");
        Directory.EnumerateFiles(_tool.ToolPath, "*.dll", SearchOption.AllDirectories).Should()
            .BeEmpty("the JIT build would install dicompipeline-cli.dll and its libraries for a shim to start with dotnet");
        new FileInfo(target).Length.Should().BeGreaterThan(4_000_000, "the native executable holds the compiled library, not a small apphost");
    }

    [Fact]
    public async Task Run_VendorFiles_InstalledToolWritesWhatTheJitConsoleWrites()
    {
        var input = CopyVendorFiles();
        string[] Arguments(string output) => ["run", "--input", input, "--anonymize", "--output", output];
        var jitOutput = Path.Combine(_root.FullName, "jit");
        var toolOutput = Path.Combine(_root.FullName, "tool");

        var jit = await ConsoleCli.RunAsync(Arguments(jitOutput));
        var tool = await _tool.RunAsync(Arguments(toolOutput));

        jit.ExitCode.Should().Be(0, jit.StandardError);
        tool.ExitCode.Should().Be(0, tool.StandardError);
        var toolHashes = NativeAotConsoleTests.Hashes(toolOutput);
        toolHashes.Should().Equal(NativeAotConsoleTests.Hashes(jitOutput));
        toolHashes.Keys.Count(k => k.EndsWith(".dcm", StringComparison.Ordinal)).Should().Be(VendorFiles.Length, "every vendor file is de-identified and stored");
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task Run_VendorFiles_Arm64PackageUnderQemu_WritesWhatTheInstalledX64ToolWrites()
    {
        // No arm64 machine here: qemu-user runs the linux-arm64 package's executable instruction by instruction, with
        // Debian's arm64 glibc and OpenSSL. Same files and secret, so the same bytes: the cross-compiled build behaves as
        // the native one does, down to every UID, date and pixel.
        var input = CopyVendorFiles();
        var executable = Path.Combine(_root.FullName, "arm64", "dicompipeline-cli");
        Directory.CreateDirectory(Path.GetDirectoryName(executable)!);
        using (var package = ZipFile.OpenRead(Path.Combine(_tool.PackageFolder, "DicomPipeline.Console.linux-arm64.0.1.0.nupkg")))
        {
            package.Entries.Single(e => e.Name == "dicompipeline-cli").ExtractToFile(executable);
        }

        File.SetUnixFileMode(executable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var x64Output = Path.Combine(_root.FullName, "x64");
        var arm64Output = Path.Combine(_root.FullName, "arm64-out");

        var x64 = await _tool.RunAsync(["run", "--input", input, "--anonymize", "--output", x64Output]);
        var arm64 = await ConsoleCli.RunAsync(
            [executable, "run", "--input", input, "--anonymize", "--output", arm64Output], executable: "qemu-aarch64", timeout: TimeSpan.FromMinutes(5));

        x64.ExitCode.Should().Be(0, x64.StandardError);
        arm64.ExitCode.Should().Be(0, arm64.StandardError + " (qemu-aarch64 comes with Debian's qemu-user, the arm64 libraries with libc6:arm64 and libssl3:arm64; .ci/run installs them)");
        var arm64Hashes = NativeAotConsoleTests.Hashes(arm64Output);
        arm64Hashes.Should().Equal(NativeAotConsoleTests.Hashes(x64Output));
        arm64Hashes.Keys.Count(k => k.EndsWith(".dcm", StringComparison.Ordinal)).Should().Be(VendorFiles.Length, "every vendor file is de-identified and stored");
    }

    [Fact]
    public async Task Dockerfile_PacksAndInstallsAsThisTestDoes_RunsTheInstalledCommand()
    {
        // No Docker engine on the build machine: the image is held to the commands this collection runs for real.
        var dockerfile = await File.ReadAllTextAsync(Path.Combine(ConsoleCli.RepositoryRoot, "deploy", "Dockerfile"));
        var run = string.Join('\n', dockerfile.Split('\n').SkipWhile(l => !l.StartsWith("FROM ${SDK_IMAGE}", StringComparison.Ordinal)));

        run.Should().Contain("bash deploy/pack-tool.sh --output /nupkg", "the image's package is made by the script the fixture runs")
            .And.Contain("<clear /><add key=\"local\" value=\"/nupkg\" />", "it installs from the local folder alone, as the fixture does")
            .And.Contain("dotnet tool install --tool-path /tools --configfile /tmp/local.config DicomPipeline.Console")
            .And.Contain("cp -L /tools/dicompipeline /out/dicompipeline", "the image carries the installed command, the native executable");
        dockerfile.Should().Contain("ENTRYPOINT [\"/opt/dicompipeline/dicompipeline\"]").And.NotContain("dotnet publish");
        foreach (var yaml in Directory.GetFiles(Path.Combine(ConsoleCli.RepositoryRoot, "deploy", "kubernetes"), "*.yaml"))
        {
            (await File.ReadAllTextAsync(yaml)).Should().NotContain("dicompipeline-cli", $"{Path.GetFileName(yaml)} runs the image's native command");
        }

        foreach (var script in new[] { "pack-tool.sh", Path.Combine("slurm", "deidentify-array.sh") })
        {
            var syntax = await Infrastructure.ProcessRunner.RunAsync("bash", ["-n", Path.Combine(ConsoleCli.RepositoryRoot, "deploy", script)]);
            syntax.ExitCode.Should().Be(0, syntax.ToString());
        }
    }

    private string CopyVendorFiles()
    {
        var input = Directory.CreateDirectory(Path.Combine(_root.FullName, "in")).FullName;
        foreach (var name in VendorFiles)
        {
            var source = Path.Combine(PydicomTestFiles, name);
            File.Exists(source).Should().BeTrue($"{source} comes with python3-pydicom, which .ci/run installs");
            File.Copy(source, Path.Combine(input, name));
        }

        return input;
    }

    private static string EntryText(string package, string fileName)
    {
        using var zip = ZipFile.OpenRead(package);
        var entry = zip.Entries.Single(e => e.Name == fileName);
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }
}
