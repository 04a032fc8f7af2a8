using DicomPipeline.Dicom;

namespace DicomPipeline.IntegrationTests.Infrastructure;

/// <summary>One attribute of a dataset described for comparison: where it is, its VR and its value bytes in hex.</summary>
internal sealed record CanonicalElement(string Path, DicomTag Tag, string VR, string Value)
{
    public override string ToString() => $"{Path}{Tag} {VR} {Value}";
}

/// <summary>
/// A transfer-syntax-independent description of a dataset: every attribute in order (group lengths left out), with
/// its VR and value bytes (little endian, as our reader holds them), sequences described item by item.
/// </summary>
internal static class CanonicalDataset
{
    public static IReadOnlyList<CanonicalElement> Describe(DicomDataset dataset)
    {
        var elements = new List<CanonicalElement>();
        Describe(dataset, string.Empty, elements);
        return elements;
    }

    /// <summary>
    /// The lines of <paramref name="actual"/> and of <paramref name="expected"/> for an equality assertion. When
    /// <paramref name="implicitVR"/>, a private element (not a private creator) that is UN in <paramref name="actual"/>
    /// is taken to match whatever VR it has in <paramref name="expected"/>: implicit VR does not carry a private
    /// element's VR, so a reader without the private dictionary can only call it UN.
    /// </summary>
    public static (IReadOnlyList<string> Actual, IReadOnlyList<string> Expected) Lines(
        IReadOnlyList<CanonicalElement> actual, IReadOnlyList<CanonicalElement> expected, bool implicitVR)
    {
        var expectedLines = new List<string>(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            if (implicitVR && i < actual.Count && actual[i] is { VR: "UN" } a
                && a.Tag == e.Tag && a.Path == e.Path && e.Tag.IsPrivate && !e.Tag.IsPrivateCreator && e.VR != "SQ")
            {
                e = e with { VR = "UN" };
            }

            expectedLines.Add(e.ToString());
        }

        return (actual.Select(a => a.ToString()).ToList(), expectedLines);
    }

    private static void Describe(DicomDataset dataset, string path, List<CanonicalElement> elements)
    {
        foreach (var attribute in dataset)
        {
            if (attribute.Tag.IsGroupLength)
            {
                continue;
            }

            switch (attribute)
            {
                case DicomSequence sequence:
                    elements.Add(new CanonicalElement(path, sequence.Tag, "SQ", $"{sequence.Items.Count} items"));
                    for (var i = 0; i < sequence.Items.Count; i++)
                    {
                        Describe(sequence.Items[i], $"{path}{sequence.Tag}[{i}].", elements);
                    }

                    break;
                case DicomFragmentSequence fragments:
                    elements.Add(new CanonicalElement(path, fragments.Tag, fragments.VR.Code, $"{fragments.Fragments.Count} fragments"));
                    elements.Add(new CanonicalElement($"{path}{fragments.Tag}[offsets].", DicomTag.ItemTag, "OB", Convert.ToHexString(fragments.OffsetTable.GetBytes().Span)));
                    for (var i = 0; i < fragments.Fragments.Count; i++)
                    {
                        elements.Add(new CanonicalElement($"{path}{fragments.Tag}[{i}].", DicomTag.ItemTag, "OB", Convert.ToHexString(fragments.Fragments[i].GetBytes().Span)));
                    }

                    break;
                case DicomElement element:
                    elements.Add(new CanonicalElement(path, element.Tag, element.VR.Code, Convert.ToHexString(element.GetBytes().Span)));
                    break;
                default:
                    throw new InvalidOperationException($"Unknown attribute type {attribute.GetType().Name}.");
            }
        }
    }
}
