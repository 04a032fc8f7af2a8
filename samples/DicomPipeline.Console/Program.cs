using System.CommandLine;
using DicomPipeline.ConsoleApp;
using DicomPipeline.ConsoleApp.Commands;

var root = new RootCommand("dicompipeline: dump DICOM files, synthesize test corpora, and run the demo job.")
{
    CommandRunner.Verbose,
    DumpCommand.Create(),
    SynthCommand.Create(),
    DemoCommand.Create(),
};

// Ctrl+C (SIGINT) and SIGTERM cancel the token each action receives; the action then stops between files and ends
// with ExitCodes.Cancelled. System.CommandLine 2.0.0 leaves this off unless a timeout is given: after it, the process
// ends anyway.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(10) };
return await root.Parse(args).InvokeAsync(invocation);
