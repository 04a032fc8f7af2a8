using System.CommandLine;
using System.CommandLine.Help;
using DicomPipeline.ConsoleApp;
using DicomPipeline.ConsoleApp.Commands;

// Named "dicompipeline", the installed tool's command: a RootCommand takes the name of the running executable, which
// is dicompipeline-cli under `dotnet run` and `dotnet publish` (the assembly cannot be named after the library), so
// `--help` showed a name users cannot type. A plain Command as the root needs its own --help and --version.
var root = new Command("dicompipeline", "De-identify folders of DICOM files to PS3.15 and send them on: run (load, de-identify, join a CSV, store, verify, send), merge-shards, listen (a C-STORE gateway), verify, echo, demo, synth, dump, and Orthanc study chores (studies, anonymize-all-studies, delete-all-studies).")
{
    new HelpOption(),
    new VersionOption(),
    CommandRunner.Verbose,
    DumpCommand.Create(),
    SynthCommand.Create(),
    DemoCommand.Create(),
    RunCommand.Create(),
    MergeShardsCommand.Create(),
    VerifyCommand.Create(),
    StudiesCommand.Create(),
    AnonymizeAllStudiesCommand.Create(),
    DeleteAllStudiesCommand.Create(),
    EchoCommand.Create(),
    ListenCommand.Create(),
};

// Ctrl+C (SIGINT) and SIGTERM cancel the token each action receives; the action then stops between files and ends
// with ExitCodes.Cancelled. System.CommandLine 2.0.0 leaves this off unless a timeout is given: after it, the process
// ends anyway.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(10) };
return await root.Parse(args).InvokeAsync(invocation);
