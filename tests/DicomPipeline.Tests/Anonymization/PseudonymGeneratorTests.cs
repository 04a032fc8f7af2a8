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
    public void DateShiftDays_AnyPatient_WithinRange()
    {
        var generator = new PseudonymGenerator("a");

        Enumerable.Range(0, 200).Select(i => generator.DateShiftDays("P" + i))
            .Should().OnlyContain(d => d <= -1 && d >= -PseudonymGenerator.MaxDateShiftDays);
    }
}
