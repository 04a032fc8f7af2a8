namespace DicomPipeline.Testing.Cohort;

/// <summary>Draws fake patients from pools of names and institutions in three repertoires.</summary>
internal static class PatientGenerator
{
    private static readonly NamePart[] AsciiFamilies = [new("Harrington"), new("Okafor"), new("Rossi"), new("Novak"), new("Whitaker"), new("Fitzgerald")];
    private static readonly NamePart[] AsciiGivens = [new("Jane", Sex: "F"), new("Robert", Sex: "M"), new("Chidi", Sex: "M"), new("Giulia", Sex: "F"), new("Peter", Sex: "M"), new("Amelia", Sex: "F")];
    private static readonly NamePart[] Latin1Families = [new("Lefèvre"), new("García"), new("Jönsson"), new("Sørensen"), new("Ångström"), new("Çelik")];
    private static readonly NamePart[] Latin1Givens = [new("Hélène", Sex: "F"), new("José", Sex: "M"), new("Björn", Sex: "M"), new("Kjærsti", Sex: "F"), new("Zoë", Sex: "F"), new("François", Sex: "M")];
    private static readonly NamePart[] Utf8Families = [new("Müller"), new("Ødegård"), new("Dvořák"), new("Wójcik"), new("Núñez"), new("Kovačević")];
    private static readonly NamePart[] Utf8Givens = [new("Jürgen", Sex: "M"), new("Åse", Sex: "F"), new("Zdeněk", Sex: "M"), new("Małgorzata", Sex: "F"), new("Begoña", Sex: "F"), new("Vojtěch", Sex: "M")];

    private static readonly NamePart[] JapaneseFamilies =
    [
        new("Yamada", "山田", "やまだ"), new("Suzuki", "鈴木", "すずき"), new("Tanaka", "田中", "たなか"), new("Watanabe", "渡辺", "わたなべ"),
    ];

    private static readonly NamePart[] JapaneseGivens =
    [
        new("Tarou", "太郎", "たろう", "M"), new("Hanako", "花子", "はなこ", "F"), new("Kenji", "健二", "けんじ", "M"), new("Yukiko", "由紀子", "ゆきこ", "F"),
    ];

    private static readonly Institution[] AsciiInstitutions =
    [
        new("Riverside General Hospital", "400 Harbor Drive, Springfield, OR 97477, USA", "RGH"),
        new("Northgate Medical Centre", "18 Elmwood Lane, Leeds LS2 9JT, United Kingdom", "NMC"),
    ];

    private static readonly Institution[] Latin1Institutions =
    [
        new("Hôpital Sainte-Aurélie", "12 rue des Lilas, 69003 Lyon, France", "HSA"),
        new("Clínica San Rafael de Almería", "Calle Mayor 7, 04001 Almería, España", "CSR"),
    ];

    private static readonly Institution[] Utf8Institutions =
    [
        new("Universitätsklinikum Nordheide", "Klinikstraße 12, 21255 Nordheide, Deutschland", "UKN"),
        new("Haukeland Sjøsykehus", "Sjøgata 4, 5021 Bergen, Norge", "HSB"),
    ];

    /// <summary>The <paramref name="index"/>-th patient, first seen within two years of <paramref name="baseDate"/>.</summary>
    public static SyntheticPatient Create(SeededValues values, int index, DateOnly baseDate)
    {
        var random = values.Random;

        // Patients take turns: UTF-8 (ISO_IR 192), Latin-1 (ISO_IR 100), then the default repertoire (ASCII).
        var kind = (CharacterSetKind)(index % 3);
        var ordinal = index / 3;
        var (family, given) = kind switch
        {
            CharacterSetKind.Utf8 when ordinal % 2 == 1 => PickName(random, JapaneseFamilies, JapaneseGivens, ordinal / 2),
            CharacterSetKind.Utf8 => PickName(random, Utf8Families, Utf8Givens, ordinal / 2),
            CharacterSetKind.Latin1 => PickName(random, Latin1Families, Latin1Givens, ordinal),
            _ => PickName(random, AsciiFamilies, AsciiGivens, ordinal),
        };

        var name = family.Ideographic.Length == 0
            ? $"{family.Alphabetic}^{given.Alphabetic}"
            : $"{family.Alphabetic}^{given.Alphabetic}={family.Ideographic}^{given.Ideographic}={family.Phonetic}^{given.Phonetic}";
        var institutions = kind switch
        {
            CharacterSetKind.Utf8 => Utf8Institutions,
            CharacterSetKind.Latin1 => Latin1Institutions,
            _ => AsciiInstitutions,
        };
        var institution = institutions[random.Next(institutions.Length)];
        var firstStudyDate = baseDate.AddDays(random.Next(0, 2 * 365));
        var age = random.Next(18, 90);
        var birthDate = firstStudyDate.AddYears(-age).AddDays(-random.Next(0, 365));
        return new SyntheticPatient(
            kind,
            name,
            values.UniqueId("MRN", 7),
            values.UniqueId("ALT-", 8),
            institution.Code + " MRN",
            institution.Code + " REGIONAL ID",
            given.Sex,
            birthDate,
            Math.Round(random.Next(450, 1100) / 10.0, 1),
            institution,
            firstStudyDate,
            values.NewUid());
    }

    private static (NamePart Family, NamePart Given) PickName(Random random, NamePart[] families, NamePart[] givens, int ordinal)
    {
        // Successive patients of a pool walk through its family x given combinations, so names repeat only once the
        // pool is exhausted.
        var combinations = families.Length * givens.Length;
        var combination = (random.Next(combinations) + ordinal) % combinations;
        return (families[combination % families.Length], givens[combination / families.Length % givens.Length]);
    }
}
