using System.CommandLine;
using DicomPipeline.ConsoleApp;
using DicomPipeline.ConsoleApp.Commands;

var root = new RootCommand("dicompipeline: de-identify folders of DICOM files (run, merge-shards), check the output for identifiers left (verify), try it on synthetic data (demo), manage studies on Orthanc, dump files, synthesize test corpora.")
{
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
