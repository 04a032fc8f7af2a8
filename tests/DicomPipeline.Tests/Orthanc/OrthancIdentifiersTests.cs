using DicomPipeline.Orthanc;

namespace DicomPipeline.Tests.Orthanc;

public sealed class OrthancIdentifiersTests
{
    // Identifiers Orthanc 1.10.1 gave a synthesized instance (checked against the live server in the integration tests too).
    private const string PatientId = "MRN4186753";
    private const string StudyUid = "2.25.78506192477255998480968884159531229198";
    private const string SeriesUid = "2.25.190375907103234419567612546418957425348";
    private const string SopUid = "1.2.3.4";

    // SHA-1 of "MRN4186753|<StudyUid>|<SeriesUid>|1.2.3.4" by sha1sum, grouped by eight; the ID Orthanc 1.10.1 gave this
    // instance (UploadInstanceAsync_KnownIdentifiers_OrthancGivesTheIdsTheUnitTestsExpect checks it on a real server).
    private const string InstanceId = "8bfd95a0-0b7d8e14-1e2d28e8-d4c60609-782dd3df";

    [Fact]
    public void ComputePatientId_KnownPatient_OrthancsId() =>
        OrthancIdentifiers.ComputePatientId(PatientId).Should().Be("e6248f44-b9c63b9f-d1b2d81b-76baee85-37848bce");

    [Fact]
    public void ComputeStudyId_KnownStudy_OrthancsId() =>
        OrthancIdentifiers.ComputeStudyId(PatientId, StudyUid).Should().Be("8c4387d0-521dd224-cce9cba9-00b26ab3-c345e391");

    [Fact]
    public void ComputeSeriesId_KnownSeries_OrthancsId() =>
        OrthancIdentifiers.ComputeSeriesId(PatientId, StudyUid, SeriesUid).Should().Be("ee3bf2ba-4fc005cf-d6dd8ff8-359fbc87-9bdb6b8d");

    [Fact]
    public void ComputeInstanceId_KnownInstance_OrthancsId() =>
        OrthancIdentifiers.ComputeInstanceId(PatientId, StudyUid, SeriesUid, SopUid).Should().Be(InstanceId);

    [Fact]
    public void ComputeInstanceId_PaddedValues_SameIdAsUnpadded() =>
        OrthancIdentifiers.ComputeInstanceId(PatientId + " ", StudyUid + "\0", SeriesUid + "\0", SopUid + "\0").Should().Be(InstanceId);

    [Theory]
    [InlineData("")]
    [InlineData("../../system")]
    [InlineData("E6248F44-B9C63B9F-D1B2D81B-76BAEE85-37848BCE")]
    [InlineData("e6248f44b9c63b9fd1b2d81b76baee8537848bce----")]
    public void IsWellFormed_NotAnOrthancId_False(string id) => OrthancIdentifiers.IsWellFormed(id).Should().BeFalse();
}
