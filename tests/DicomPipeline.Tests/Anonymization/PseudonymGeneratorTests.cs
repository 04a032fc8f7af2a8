using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using DicomPipeline.Anonymization;

namespace DicomPipeline.Tests.Anonymization;

public sealed class PseudonymGeneratorTests
{
    [Fact]
    public void Uid_Original_Is225DecimalOfFirst16BytesOfHmac()
    {
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes("k"), Encoding.UTF8.GetBytes("1.2.3"));
        var expected = "2.25." + new BigInteger(hash.AsSpan(0, 16), isUnsigned: true, isBigEndian: true);

        new PseudonymGenerator("k").Uid("1.2.3").Should().Be(expected);
    }

    [Fact]
    public void Uid_SameSecret_SameUid_DifferentSecret_Different()
    {
        new PseudonymGenerator("a").Uid("1.2.3").Should().Be(new PseudonymGenerator("a").Uid("1.2.3"))
            .And.NotBe(new PseudonymGenerator("b").Uid("1.2.3"));
        new PseudonymGenerator("a").Uid("1.2.3").Length.Should().BeLessThanOrEqualTo(64);
    }

    [Fact]
    public void Uid_RememberedUid_IsDroppedAfterOtherUids()
    {
        // Issue 28: the memory of recent UIDs held thousands (emptied when full), each long enough for the collector to
        // move it to its oldest generation, where it lay as garbage once dropped: instance UIDs never repeat, so most of
        // what it held was that. A UID may be remembered for a few files, not for a thousand.
        var generator = new PseudonymGenerator("k");
        var first = MapAndForget(generator, "1.2.3");
        for (var i = 0; i < 1000; i++)
        {
            generator.Uid(FormattableString.Invariant($"1.2.840.99.{i}"));
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        first.IsAlive.Should().BeFalse("a thousand other UIDs came after it");
        generator.Uid("1.2.3").Should().Be(new PseudonymGenerator("k").Uid("1.2.3"), "a UID no longer remembered is made again, the same");
    }

    [Fact]
    public void Uid_RepeatedUid_SameValueFromMemory()
    {
        var generator = new PseudonymGenerator("k");

        generator.Uid("1.2.3").Should().BeSameAs(generator.Uid("1.2.3"), "a UID met again at once is remembered, not hashed again");
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference MapAndForget(PseudonymGenerator generator, string uid) => new(generator.Uid(uid));

    [Fact]
    public void Patient_Key_GivesStableIdAndName()
    {
        var patient = new PseudonymGenerator("a").Patient("PID");

        patient.PatientId.Should().MatchRegex("^ANON-[A-Z2-7]{10}$");
        patient.PatientName.Should().Be("ANON^" + patient.PatientId[5..]);
        new PseudonymGenerator("a").Patient("PID").Should().Be(patient);
        new PseudonymGenerator("a").Patient("PID2").Should().NotBe(patient);
    }

    [Fact]
    public void Patient_RepeatedKey_SamePseudonymFromMemory()
    {
        // Issue 28: the next file's patient is nearly always the last one's; each file hashed its patient again.
        var generator = new PseudonymGenerator("a");
        var first = generator.Patient("PID");

        generator.Patient("PID").Should().BeSameAs(first, "the patient of the file before is remembered, not hashed again");
    }

    [Fact]
    public void Patient_ManyOtherPatientsBetween_SameValueMadeAgain()
    {
        var generator = new PseudonymGenerator("a");
        var expected = new PseudonymGenerator("a").Patient("PID");
        var first = generator.Patient("PID");
        var others = Enumerable.Range(0, 100).Select(i => generator.Patient("P" + i)).ToList();

        generator.Patient("PID").Should().Be(expected).And.Be(first);
        others.Select(p => p.PatientId).Should().OnlyHaveUniqueItems("no patient is given another's remembered pseudonym");
        others[37].Should().Be(new PseudonymGenerator("a").Patient("P37"));
    }

    [Fact]
    public void DateShiftDays_RepeatedAndInterleavedKeys_SameAsAFreshGenerator()
    {
        var generator = new PseudonymGenerator("a");
        var fresh = Enumerable.Range(0, 40).Select(i => new PseudonymGenerator("a").DateShiftDays("P" + i)).ToList();

        // Each key asked for twice in a row, then all again in another order: remembered or made again, the same days.
        var firstPass = Enumerable.Range(0, 40).Select(i => (generator.DateShiftDays("P" + i), generator.DateShiftDays("P" + i))).ToList();
        var secondPass = Enumerable.Range(0, 40).Reverse().Select(i => generator.DateShiftDays("P" + i)).Reverse().ToList();

        firstPass.Select(p => p.Item1).Should().Equal(fresh);
        firstPass.Select(p => p.Item2).Should().Equal(fresh);
        secondPass.Should().Equal(fresh);
        fresh.Distinct().Should().HaveCountGreaterThan(30, "forty patients do not share a handful of shifts");
    }

    [Fact]
    public void DateShiftDays_AnyPatient_WithinRange()
    {
        var generator = new PseudonymGenerator("a");

        Enumerable.Range(0, 200).Select(i => generator.DateShiftDays("P" + i))
            .Should().OnlyContain(d => d <= -1 && d >= -PseudonymGenerator.MaxDateShiftDays);
    }
}
