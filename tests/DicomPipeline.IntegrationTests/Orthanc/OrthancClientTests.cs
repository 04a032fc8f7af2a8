using System.Net;
using System.Net.Sockets;
using DicomPipeline.Dicom;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.Orthanc;

namespace DicomPipeline.IntegrationTests.Orthanc;

/// <summary><see cref="IOrthancClient"/> against a real Orthanc.</summary>
[Collection(OrthancTestsDefinition.Name)]
public sealed class OrthancClientTests(OrthancFixture fixture)
{
    [Fact]
    public async Task GetSystemAsync_RealServer_AnswersWithItsPorts()
    {
        await using var connection = OrthancConnection.Create(fixture.Server.ClientOptions());

        var system = await connection.Client.GetSystemAsync();

        system.HttpPort.Should().Be(fixture.Server.HttpPort);
        system.DicomPort.Should().Be(fixture.Server.DicomPort);
        system.Version.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task UploadInstanceAsync_SynthesizedCorpus_EveryInstanceFoundWithItsIdentifiers()
    {
        var files = await OrthancCorpus.WriteAsync(fixture.NewFolder("upload"), seed: 101);
        await using var connection = OrthancConnection.Create(fixture.Server.ClientOptions());
        var client = connection.Client;

        var results = await OrthancCorpus.UploadAsync(client, files);

        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            results[i].Status.Should().Be(OrthancUploadStatus.Success);
            results[i].InstanceId.Should().Be(file.InstanceId, "ComputeInstanceId must give Orthanc's own instance ID");
            results[i].ParentStudy.Should().Be(file.StudyId);
            results[i].ParentPatient.Should().Be(OrthancIdentifiers.ComputePatientId(file.PatientId));
            results[i].ParentSeries.Should().Be(OrthancIdentifiers.ComputeSeriesId(file.PatientId, file.StudyUid, file.SeriesUid));
            (await client.InstanceExistsAsync(file.InstanceId)).Should().BeTrue();
            var found = await client.FindAsync(OrthancResourceLevel.Instance, new Dictionary<string, string> { ["SOPInstanceUID"] = file.SopUid });
            found.Should().Equal(file.InstanceId);
        }

        foreach (var study in files.GroupBy(file => file.StudyId))
        {
            var onServer = await client.GetStudyAsync(study.Key);
            onServer.Should().NotBeNull();
            onServer!.PatientId.Should().Be(study.First().PatientId);
            onServer.StudyInstanceUid.Should().Be(study.First().StudyUid);
            onServer.Modalities.Should().Equal("CT");
            onServer.InstanceIds.Should().BeEquivalentTo(study.Select(file => file.InstanceId));
            onServer.StudyDate.Should().MatchRegex("^[0-9]{8}$");
            onServer.IsAnonymizedByOrthanc.Should().BeFalse();
        }

        var listed = new List<string>();
        await foreach (var id in client.ListStudiesAsync())
        {
            listed.Add(id);
        }

        listed.Should().Contain(files.Select(file => file.StudyId).Distinct());
    }

    [Fact]
    public async Task UploadInstanceAsync_KnownIdentifiers_OrthancGivesTheIdsTheUnitTestsExpect()
    {
        // The identifiers and IDs of OrthancIdentifiersTests: the real server, not our code, vouches for those literals.
        var files = await OrthancCorpus.WriteAsync(fixture.NewFolder("known-ids"), seed: 105);
        var file = await DicomFile.OpenAsync(files[0].Path);
        file.Dataset.SetString(DicomTag.PatientID, "MRN4186753")
            .SetString(DicomTag.StudyInstanceUID, "2.25.78506192477255998480968884159531229198")
            .SetString(DicomTag.SeriesInstanceUID, "2.25.190375907103234419567612546418957425348")
            .SetString(DicomTag.SOPInstanceUID, "1.2.3.4");
        var path = Path.Combine(fixture.NewFolder("known-ids-out"), "known.dcm");
        await file.SaveAsync(path);
        await using var connection = OrthancConnection.Create(fixture.Server.ClientOptions());

        var result = await connection.Client.UploadInstanceAsync(path);

        result.ParentPatient.Should().Be("e6248f44-b9c63b9f-d1b2d81b-76baee85-37848bce");
        result.ParentStudy.Should().Be("8c4387d0-521dd224-cce9cba9-00b26ab3-c345e391");
        result.ParentSeries.Should().Be("ee3bf2ba-4fc005cf-d6dd8ff8-359fbc87-9bdb6b8d");
        result.InstanceId.Should().Be("8bfd95a0-0b7d8e14-1e2d28e8-d4c60609-782dd3df");
    }

    [Theory]
    [InlineData("ISO_IR 100", "Müller^Jürgen")]
    [InlineData("ISO_IR 126", "Παπαδόπουλος^Νίκος")]
    [InlineData("ISO_IR 192", "Ødegård^Åse")]
    public async Task GetInstanceValueAsync_NameInTheInstancesCharacterSet_DecodedWithIt(string term, string name)
    {
        // Orthanc's /content/gggg-eeee gives the value's bytes as stored: a Latin-1 "ü" read as UTF-8 was U+FFFD on the
        // web sample's study list.
        var folder = "charset-" + term[^3..];
        var files = await OrthancCorpus.WriteAsync(fixture.NewFolder(folder), seed: 107);
        var file = await DicomFile.OpenAsync(files[0].Path);
        // Written by hand, not by our encoder: ISO 8859-1 is U+0000-U+00FF as bytes; ISO 8859-7 puts Greek U+0386-U+03CE at 0xB6-0xFE.
        var bytes = term switch
        {
            "ISO_IR 100" => System.Text.Encoding.Latin1.GetBytes(name),
            "ISO_IR 126" => name.Select(c => (byte)(c < 0x80 ? c : c - 0x2D0)).ToArray(),
            _ => System.Text.Encoding.UTF8.GetBytes(name),
        };
        file.Dataset.SetString(DicomTag.SpecificCharacterSet, term)
            .SetString(DicomTag.SOPInstanceUID, files[0].SopUid + "." + term[^3..])
            .AddOrUpdate(new DicomElement(DicomTag.PatientName, DicomVR.PN, bytes.Length % 2 == 0 ? bytes : [.. bytes, (byte)' ']));
        var path = Path.Combine(fixture.NewFolder(folder + "-out"), "named.dcm");
        await file.SaveAsync(path);
        await using var connection = OrthancConnection.Create(fixture.Server.ClientOptions());
        var uploaded = await connection.Client.UploadInstanceAsync(path);

        var value = await connection.Client.GetInstanceValueAsync(uploaded.InstanceId!, DicomTag.PatientName);

        value.Should().Be(name);
    }

    [Fact]
    public async Task UploadInstanceAsync_SameFilesAgain_AlreadyStored()
    {
        var files = await OrthancCorpus.WriteAsync(fixture.NewFolder("reupload"), seed: 102);
        await using var connection = OrthancConnection.Create(fixture.Server.ClientOptions());
        await OrthancCorpus.UploadAsync(connection.Client, files);
        var before = await connection.Client.GetStatisticsAsync();

        var again = await OrthancCorpus.UploadAsync(connection.Client, files);

        again.Should().OnlyContain(result => result.Status == OrthancUploadStatus.AlreadyStored);
        var after = await connection.Client.GetStatisticsAsync();
        after.CountInstances.Should().Be(before.CountInstances);
    }

    [Fact]
    public async Task DownloadInstanceAsync_UploadedFile_SameBytes()
    {
        var files = await OrthancCorpus.WriteAsync(fixture.NewFolder("download"), seed: 103);
        await using var connection = OrthancConnection.Create(fixture.Server.ClientOptions());
        await connection.Client.UploadInstanceAsync(files[0].Path);

        await using var download = await connection.Client.DownloadInstanceAsync(files[0].InstanceId);
        using var copy = new MemoryStream();
        await download.CopyToAsync(copy);

        copy.ToArray().Should().Equal(await File.ReadAllBytesAsync(files[0].Path));
    }

    [Fact]
    public async Task InstanceExistsAsync_UnknownInstance_False()
    {
        await using var connection = OrthancConnection.Create(fixture.Server.ClientOptions());

        var exists = await connection.Client.InstanceExistsAsync(OrthancIdentifiers.ComputeInstanceId("nobody", "1.2", "1.2.3", "1.2.3.4"));

        exists.Should().BeFalse();
    }

    [Fact]
    public async Task UploadInstanceAsync_NotDicom_OrthancMessageAndStatus()
    {
        await using var connection = OrthancConnection.Create(fixture.Server.ClientOptions());

        var act = () => connection.Client.UploadInstanceAsync(new MemoryStream("not a DICOM file"u8.ToArray()));

        var error = (await act.Should().ThrowAsync<OrthancException>()).Which;
        error.StatusCode.Should().Be(400);
        error.Route.Should().Be("POST /instances");
        error.OrthancMessage.Should().Be("Bad file format");
        error.Message.Should().Contain(fixture.Server.BaseUrl).And.Contain("Bad file format");
    }

    [Fact]
    public async Task GetSystemAsync_WrongPassword_AuthenticationFailedForUrl()
    {
        var options = fixture.Server.ClientOptions();
        options.Password = "wrong-" + Guid.NewGuid().ToString("N");
        await using var connection = OrthancConnection.Create(options);

        var act = () => connection.Client.GetSystemAsync();

        var error = (await act.Should().ThrowAsync<OrthancException>()).Which;
        error.Message.Should().Contain("authentication failed for " + fixture.Server.BaseUrl);
        error.Message.Should().NotContain(options.Password);
        error.Failure.Should().Be(OrthancFailure.AuthenticationFailed);
        error.StatusCode.Should().Be(401);
    }

    [Fact]
    public async Task GetSystemAsync_NothingListening_NotReachableAtUrl()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = new OrthancOptions { BaseUrl = $"http://127.0.0.1:{port}", MaxRetryAttempts = 1, RetryDelay = TimeSpan.FromMilliseconds(10) };
        await using var connection = OrthancConnection.Create(options);

        var act = () => connection.Client.GetSystemAsync();

        var error = (await act.Should().ThrowAsync<OrthancException>()).Which;
        error.Message.Should().StartWith($"Orthanc is not reachable at http://127.0.0.1:{port}");
        error.Failure.Should().Be(OrthancFailure.Unreachable);
        error.IsTransient.Should().BeTrue();
    }

    [Fact]
    public async Task UploadInstanceAsync_ServerStoppedAndRestarted_ErrorsClearlyThenCompletes()
    {
        var files = await OrthancCorpus.WriteAsync(fixture.NewFolder("restart"), seed: 104);
        await using var server = await OrthancServer.StartAsync();
        await using var connection = OrthancConnection.Create(server.ClientOptions());
        var client = connection.Client;
        var half = files.Count / 2;
        for (var i = 0; i < half; i++)
        {
            await client.UploadInstanceAsync(files[i].Path);
        }

        await server.StopAsync();
        var act = () => client.UploadInstanceAsync(files[half].Path);
        var error = (await act.Should().ThrowAsync<OrthancException>()).Which;
        error.Message.Should().StartWith("Orthanc is not reachable at " + server.BaseUrl);

        await server.RestartAsync();
        var missing = new List<OrthancCorpusFile>();
        foreach (var file in files)
        {
            if (!await client.InstanceExistsAsync(file.InstanceId))
            {
                missing.Add(file);
            }
        }

        missing.Should().HaveCount(files.Count - half, "the instances stored before the stop survive it");
        foreach (var file in missing)
        {
            (await client.UploadInstanceAsync(file.Path)).Status.Should().Be(OrthancUploadStatus.Success);
        }

        (await client.GetStatisticsAsync()).CountInstances.Should().Be(files.Count);
    }
}
