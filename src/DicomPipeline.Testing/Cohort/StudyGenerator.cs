namespace DicomPipeline.Testing.Cohort;

/// <summary>Draws a patient's fake CT studies: staff, procedure, identifiers, and the UIDs of every series and instance.</summary>
internal static class StudyGenerator
{
    private static readonly string[] AsciiPhysicians = ["Whitfield^Gregory", "Adeyemi^Folake", "Lindqvist^Erik", "Castellano^Marco"];
    private static readonly string[] Latin1Physicians = ["Dupré^Céline", "Müllner^Günther", "Ibáñez^Raúl", "Åkesson^Ingrid"];
    private static readonly string[] Utf8Physicians = ["Schäfer^Katrin", "Bjørnstad^Lars", "Novotná^Jana", "Wiśniewski^Tomasz"];
    private static readonly string[] JapanesePhysicians = ["Satou^Ichirou=佐藤^一郎=さとう^いちろう", "Kobayashi^Emiko=小林^恵美子=こばやし^えみこ"];

    private static readonly (string Description, string Code, string BodyPart)[] Procedures =
    [
        ("CT CHEST WITH CONTRAST", "CTCHESTC", "CHEST"),
        ("CT ABDOMEN PELVIS", "CTABDPEL", "ABDOMEN"),
        ("CT THORAX LOW DOSE", "CTTHORLD", "CHEST"),
        ("CT HEAD WITHOUT CONTRAST", "CTHEADNC", "HEAD"),
    ];

    /// <summary>The patient's <paramref name="index"/>-th study, on <paramref name="date"/>.</summary>
    public static SyntheticStudy Create(SeededValues values, SyntheticPatient patient, DateOnly date, int index, int seriesPerStudy, int instancesPerSeries)
    {
        var random = values.Random;
        var physicians = patient.Kind switch
        {
            CharacterSetKind.Utf8 => Utf8Physicians,
            CharacterSetKind.Latin1 => Latin1Physicians,
            _ => AsciiPhysicians,
        };
        var referring = physicians[random.Next(physicians.Length)];
        var performing = physicians[random.Next(physicians.Length)];
        var operatorName = patient.Kind == CharacterSetKind.Utf8
            ? JapanesePhysicians[random.Next(JapanesePhysicians.Length)]
            : physicians[random.Next(physicians.Length)];
        var procedure = Procedures[random.Next(Procedures.Length)];
        var time = new TimeOnly(7, 0).Add(TimeSpan.FromSeconds(random.Next(0, 11 * 3600)));
        var studyUid = values.NewUid();
        var frameOfReferenceUid = values.NewUid();
        var seriesUids = new string[seriesPerStudy];
        var sopUids = new string[seriesPerStudy][];
        for (var se = 0; se < seriesUids.Length; se++)
        {
            seriesUids[se] = values.NewUid();
            sopUids[se] = new string[instancesPerSeries];
            for (var i = 0; i < sopUids[se].Length; i++)
            {
                sopUids[se][i] = values.NewUid();
            }
        }

        return new SyntheticStudy(
            studyUid,
            frameOfReferenceUid,
            seriesUids,
            sopUids,
            date,
            time,
            values.UniqueId("ACC", 7),
            values.UniqueId("STU", 6),
            values.UniqueId("RP", 7),
            values.UniqueId("SPS", 7),
            values.UniqueId(patient.Institution.Code + "-CT", 3),
            values.UniqueId("SN", 8),
            referring,
            values.UniqueId("PHY", 5),
            performing,
            operatorName,
            procedure.Description,
            procedure.Code,
            procedure.BodyPart,
            -random.Next(20, 200) * 1.0,
            index + 1);
    }
}
