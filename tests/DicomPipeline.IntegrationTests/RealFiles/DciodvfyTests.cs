namespace DicomPipeline.IntegrationTests.RealFiles;

/// <summary>The normalisation that lets an input's dciodvfy errors be compared with its de-identified output's.</summary>
public sealed class DciodvfyTests
{
    [Theory]
    [InlineData(
        "Error - Value invalid for this VR - (0x0020,0x000d) UI Study Instance UID  UI [1] = <1.2.246.352.91.0000217.2005> - Leading zeroes in embedded numeric component(s)",
        "Error - Value invalid for this VR - (0x0020,0x000d) UI Study Instance UID  UI [1] = <> - Leading zeroes in embedded numeric component(s)")]
    [InlineData(
        "Error - SeriesInstanceUID has same value as StudyInstanceUID <2.25.79094310683010936341718009320485558409>",
        "Error - SeriesInstanceUID has same value as StudyInstanceUID <>")]
    [InlineData(
        "Error - Missing attribute Type 1 Required Element=<ReferencedSOPClassUID> Module=<SOPInstanceReferenceMacro>",
        "Error - Missing attribute Type 1 Required Element=<ReferencedSOPClassUID> Module=<SOPInstanceReferenceMacro>")]
    [InlineData(
        "Error - Referenced SOP Instance is not listed in CurrentRequestedProcedureEvidenceSequence or PertinentOtherEvidenceSequence but have IMAGE ReferencedSOPInstanceUID 2.25.2148163569",
        "Error - Referenced SOP Instance is not listed in CurrentRequestedProcedureEvidenceSequence or PertinentOtherEvidenceSequence but have IMAGE ReferencedSOPInstanceUID <>")]
    public void Normalise_ErrorLine_DropsValuesAndKeepsNames(string line, string expected)
    {
        Dciodvfy.Normalise(line).Should().Be(expected);
    }
}
