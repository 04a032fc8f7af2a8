using System.Globalization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Verification;

/// <summary>Where an element sits: <c>(0040,A730)[2]/(0040,A160)</c>, items counted from 1 as in a dump.</summary>
/// <param name="Parent">The sequence item holding the element, or null at the top level.</param>
/// <param name="Tag">The element's tag.</param>
/// <param name="Item">The item number within this element (a sequence), or 0 for the element itself.</param>
internal sealed record ElementPath(ElementPath? Parent, DicomTag Tag, int Item = 0)
{
    /// <inheritdoc/>
    public override string ToString()
    {
        var own = Item > 0 ? string.Create(CultureInfo.InvariantCulture, $"{Tag}[{Item}]") : Tag.ToString();
        return Parent is null ? own : Parent + "/" + own;
    }
}
