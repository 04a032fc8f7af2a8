using System.Reflection;
using System.Runtime.CompilerServices;
using DicomPipeline.Anonymization;
using DicomPipeline.Anonymization.Sweep;
using DicomPipeline.Dicom;
using static DicomPipeline.Tests.Anonymization.AnonymizationTestData;

namespace DicomPipeline.Tests.Anonymization.Sweep;

/// <summary>
/// What the sweep remembers of a patient's values (their needles) belongs to the anonymizer of one run: a long-lived
/// process (the web sample, a gateway) must not keep names, IDs and dates once their run is over.
/// </summary>
public sealed class NeedleCachesTests
{
    private static readonly FieldInfo SetField =
        typeof(IdentifierNeedles).GetField("_set", BindingFlags.Instance | BindingFlags.NonPublic)!;

    private static DicomDataset Patient(string name)
    {
        var dataset = CreateInstance();
        dataset.SetString(DicomTag.PatientName, name, DicomVR.PN);
        return dataset;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Set, WeakReference Actions) CollectWithAnonymizerThenDropIt(string name)
    {
        var options = Options();
        var actions = new AttributeActions(new ConfidentialityProfileActions(options), options);
        var needles = InstanceNeedleCollector.Collect(Patient(name), actions, null, options, new FoldedText());
        var set = SetField.GetValue(needles)!;
        needles.IsEmpty.Should().BeFalse();
        return (new WeakReference(set), new WeakReference(actions));
    }

    [Fact]
    public void A_runs_needles_are_collectable_once_its_anonymizer_is()
    {
        var (set, actions) = CollectWithAnonymizerThenDropIt("Quistorpe^Wendeline");

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        actions.IsAlive.Should().BeFalse("nothing else holds the run's actions");
        set.IsAlive.Should().BeFalse("the needles of a patient's values must go with the run that found them");
    }

    [Fact]
    public void Two_runs_do_not_share_what_they_remember()
    {
        var options = Options();
        var first = new AttributeActions(new ConfidentialityProfileActions(options), options);
        var second = new AttributeActions(new ConfidentialityProfileActions(options), options);

        var a = SetField.GetValue(InstanceNeedleCollector.Collect(Patient("Quistorpe^Wendeline"), first, null, options, new FoldedText()));
        var again = SetField.GetValue(InstanceNeedleCollector.Collect(Patient("Quistorpe^Wendeline"), first, null, options, new FoldedText()));
        var b = SetField.GetValue(InstanceNeedleCollector.Collect(Patient("Quistorpe^Wendeline"), second, null, options, new FoldedText()));

        again.Should().BeSameAs(a, "within a run, the files of a series share one set");
        b.Should().NotBeSameAs(a, "another run makes its own");
    }
}
