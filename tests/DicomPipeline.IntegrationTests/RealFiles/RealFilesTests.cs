using Xunit.Abstractions;

namespace DicomPipeline.IntegrationTests.RealFiles;

/// <summary>
/// Issue 12: real files that no one here wrote, de-identified with the basic profile. Every output must be read by
/// dcmdump, and dciodvfy must find no error on an output that it did not find on its input; the exceptions are listed,
/// with reasons, in known-outcomes.json, and an entry that no longer happens fails too.
/// </summary>
[Collection(RealFilesTestsDefinition.Name)]
public sealed class RealFilesTests(RealFilesFixture fixture, ITestOutputHelper output)
{
    private readonly KnownOutcomes _known = KnownOutcomes.Load();

    [Fact]
    public void Fetch_EverySource_ProvidesFiles()
    {
        output.WriteLine(fixture.Summary);

        fixture.Outcomes.Select(o => o.Source).Distinct().Should().BeEquivalentTo(RealFilesFixture.Sources);
    }

    [Fact]
    public void RunAsync_RealFiles_StoresEveryFileNotListedAsRightlyNotStored()
    {
        var notStored = fixture.Outcomes.Where(o => !o.Stored).ToDictionary(o => o.Key, o => $"{o.Outcome}: {o.Reason}");

        notStored.Keys.Except(_known.NotStored.Keys).Select(k => $"{k} ({notStored[k]})")
            .Should().BeEmpty("every real file that is not stored must be listed in known-outcomes.json with the reason that is right");
        _known.NotStored.Keys.Except(notStored.Keys)
            .Should().BeEmpty("a file listed as not stored that is stored now must leave known-outcomes.json");
    }

    [Fact]
    public void RunAsync_RealFiles_DcmdumpReadsEveryOutput()
    {
        fixture.Outcomes.Where(o => o.DcmdumpProblems.Count > 0).Select(o => $"{o.Key}: {string.Join(" | ", o.DcmdumpProblems)}")
            .Should().BeEmpty();
    }

    [Fact]
    public void RunAsync_RealFilesStrictPolicy_StoresWhatTheBasicPolicyStoresWithNoNewDciodvfyError()
    {
        // Issue 12 part B: with only the keep-list surviving, CT, MR, US, SR, RT, XA, waveform and enhanced multi-frame
        // outputs must still be as valid as their inputs.
        fixture.StrictOutcomes.Where(o => o.Stored).Select(o => o.Key)
            .Should().BeEquivalentTo(fixture.Outcomes.Where(o => o.Stored).Select(o => o.Key));
        fixture.StrictOutcomes.Where(o => o.DcmdumpProblems.Count > 0).Should().BeEmpty();
        fixture.StrictOutcomes.SelectMany(o => o.NewDciodvfyErrors.Select(e => o.Key + ": " + e)).Should().BeEmpty();
    }

    [Fact]
    public void RunAsync_RealFiles_DciodvfyFindsNoNewErrorsBeyondTheKnownOnes()
    {
        var found = fixture.Outcomes.SelectMany(o => o.NewDciodvfyErrors.Select(e => $"{o.Key}: {e}")).ToHashSet(StringComparer.Ordinal);
        var known = _known.NewDciodvfyErrors.SelectMany(file => file.Value.Keys.Select(e => $"{file.Key}: {e}")).ToHashSet(StringComparer.Ordinal);

        found.Except(known).Order(StringComparer.Ordinal)
            .Should().BeEmpty("de-identification must not make a file less valid than it was (known exceptions are in known-outcomes.json)");
        known.Except(found).Order(StringComparer.Ordinal)
            .Should().BeEmpty("a known error that no longer happens must leave known-outcomes.json");
    }
}
