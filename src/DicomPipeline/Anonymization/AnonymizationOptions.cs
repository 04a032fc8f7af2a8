namespace DicomPipeline.Anonymization;

/// <summary>
/// How to de-identify: the secret every pseudonym derives from and the PS3.15 Annex E options, all off by default
/// (the Basic Application Level Confidentiality Profile alone). Bound from the configuration section
/// <c>DicomPipeline:Anonymization</c>.
/// </summary>
public sealed class AnonymizationOptions
{
    /// <summary>The configuration key of <see cref="Secret"/>.</summary>
    public const string SecretConfigurationKey = "DicomPipeline:Anonymization:Secret";

    /// <summary>The environment variable that sets <see cref="Secret"/>.</summary>
    public const string SecretEnvironmentVariable = "DicomPipeline__Anonymization__Secret";

    /// <summary>
    /// The secret the UID remap, the patient pseudonyms and the date shift are keyed with (HMAC-SHA-256). Required. The
    /// same secret gives the same output on every run and machine; keep it private, since with it and a guessed original
    /// a pseudonym can be confirmed. Never logged. It must bear entropy (see <see cref="MinimumSecretBytes"/>): at least
    /// 32 UTF-8 bytes, at least <see cref="MinimumSecretDistinctCharacters"/> different characters, and not a shorter piece
    /// repeated; e.g. 32 random bytes in Base64 (<c>openssl rand -base64 32</c>).
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>
    /// The least length of <see cref="Secret"/>, in UTF-8 bytes, counted over its shortest repeating piece: the HMAC-SHA-256
    /// key should carry about as much as the hash (32 bytes), since whoever guesses the secret re-identifies every patient
    /// by recomputing the pseudonyms of the names and IDs they suspect.
    /// </summary>
    public const int MinimumSecretBytes = 32;

    /// <summary>The least number of different characters in <see cref="Secret"/>: one character or two in turn is no secret, whatever the length.</summary>
    public const int MinimumSecretDistinctCharacters = 8;

    /// <summary>
    /// Which attributes may survive: <see cref="AnonymizationPolicy.Basic"/> (the default: the profile and the
    /// safe-by-default layer) or <see cref="AnonymizationPolicy.Strict"/> (only the published keep-list). Bound from
    /// <c>DicomPipeline:Anonymization:Policy</c>.
    /// </summary>
    public AnonymizationPolicy Policy { get; set; }

    /// <summary>Retain Safe Private Option: keep the private attributes listed in <see cref="SafePrivateTags"/>.</summary>
    public bool RetainSafePrivate { get; set; }

    /// <summary>Retain UIDs Option: keep the original UIDs instead of remapping them.</summary>
    public bool RetainUids { get; set; }

    /// <summary>Retain Device Identity Option: keep station names, serial numbers and the like.</summary>
    public bool RetainDeviceIdentity { get; set; }

    /// <summary>Retain Institution Identity Option: keep institution names, addresses and departments.</summary>
    public bool RetainInstitutionIdentity { get; set; }

    /// <summary>Retain Patient Characteristics Option: keep sex, age, size, weight and the like.</summary>
    public bool RetainPatientCharacteristics { get; set; }

    /// <summary>Retain Longitudinal Temporal Information with Full Dates Option: keep dates and times unchanged.</summary>
    public bool RetainLongitudinalFullDates { get; set; }

    /// <summary>
    /// Retain Longitudinal Temporal Information with Modified Dates Option: shift dates by a per-patient offset derived
    /// from the secret, so intervals within a patient are kept. Cannot be combined with <see cref="RetainLongitudinalFullDates"/>.
    /// </summary>
    public bool RetainLongitudinalModifiedDates { get; set; }

    /// <summary>Clean Descriptors Option: keep descriptions and comments unless they contain an identifier.</summary>
    public bool CleanDescriptors { get; set; }

    /// <summary>Clean Structured Content Option: keep structured report content, cleaned, instead of replacing it.</summary>
    public bool CleanStructuredContent { get; set; }

    /// <summary>Clean Graphics Option: keep graphic annotations, cleaned, instead of replacing them.</summary>
    public bool CleanGraphics { get; set; }

    /// <summary>
    /// Clean Pixel Data Option: every image is decoded and read by OCR (Tesseract); text holding the instance's
    /// identifiers is blanked and the frames written back losslessly, so images declaring Burned In Annotation YES are
    /// redacted and passed on instead of held back. An image that cannot be decoded or read is held back.
    /// </summary>
    public bool CleanPixelData { get; set; }

    /// <summary>
    /// With <see cref="CleanPixelData"/>, blank every text line OCR finds, identifier or not (<c>--pixel-text all</c>):
    /// for modalities where any text is suspect (US, SC, XC, OT, ES).
    /// </summary>
    public bool BlankAllPixelText { get; set; }

    /// <summary>
    /// With <see cref="CleanPixelData"/>, makes the OCR engine of one worker (called once per worker, the engine kept
    /// for that worker's later images); null: Tesseract 5 through its C API (Debian <c>libtesseract5</c>,
    /// <c>tesseract-ocr-eng</c>). Copied when the anonymizer is made, like every option.
    /// </summary>
    public Func<Redaction.ITextDetector>? TextDetectorFactory { get; set; }

    /// <summary>
    /// Per-site rules applied on top of the profile and the policy, first match wins; bound from
    /// <c>DicomPipeline:Anonymization:Rules</c>, or read with <see cref="AnonymizationRule.ReadJsonAsync"/>. Checked when
    /// the anonymizer is made.
    /// </summary>
    public IList<AnonymizationRule> Rules { get; } = [];

    /// <summary>The private attributes kept when <see cref="RetainSafePrivate"/> is on; every other private attribute is removed.</summary>
    public IList<SafePrivateTag> SafePrivateTags { get; } = [];

    /// <summary>
    /// Whether images declaring Burned In Annotation (0028,0301) = YES are passed on. Off by default: they are held back,
    /// since this profile does not remove text from pixels.
    /// </summary>
    public bool AllowBurnedInAnnotation { get; set; }

    /// <summary>Supplies patient identities (e.g. from a lookup table); when null or it has none, pseudonyms derive from the secret.</summary>
    public IPatientIdentityProvider? PatientIdentityProvider { get; set; }

    /// <summary>
    /// The names of the ten PS3.15 profile options (the properties from <see cref="RetainSafePrivate"/> to
    /// <see cref="CleanGraphics"/>), in the order of Table E.1-1's columns, as <c>report.json</c> lists them.
    /// </summary>
    public static IReadOnlyList<string> ProfileOptionNames { get; } = [.. ProfileOptions.All.Select(o => o.Name)];

    /// <summary>
    /// Turns on a profile option by its name, as <see cref="ProfileOptionNames"/> gives it or with the same words in
    /// kebab case (<c>RetainUids</c>, <c>retain-uids</c>), ignoring case.
    /// </summary>
    /// <param name="name">The option's name.</param>
    /// <returns><see langword="false"/> when no profile option has that name (nothing is changed).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public bool TryEnableProfileOption(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = name.Replace("-", string.Empty, StringComparison.Ordinal);
        foreach (var option in ProfileOptions.All)
        {
            if (string.Equals(option.Name, words, StringComparison.OrdinalIgnoreCase))
            {
                option.Enable(this, true);
                return true;
            }
        }

        return false;
    }

    /// <summary>Checks the options.</summary>
    /// <exception cref="InvalidOperationException">
    /// No secret is set or it is too weak (<see cref="WeakSecretReason"/>), the policy is unknown, both longitudinal options are on, or a site rule is malformed (the message
    /// names the rule).
    /// </exception>
    internal void ThrowIfInvalid()
    {
        if (FindProblem(requireSecret: true) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
    }

    /// <summary>
    /// Why <paramref name="secret"/> bears too little entropy, or null. "Entropy-bearing" is made concrete and cheap to
    /// check: the shortest piece the secret repeats (the whole secret when it repeats nothing, "ab" for "abab…ab") is at
    /// least <see cref="MinimumSecretBytes"/> UTF-8 bytes long, and the secret has at least
    /// <see cref="MinimumSecretDistinctCharacters"/> different characters. The reason never quotes the secret.
    /// </summary>
    internal static string? WeakSecretReason(string secret)
    {
        // A piece counts as repeated when it occurs whole at least twice; otherwise the whole secret is the piece.
        var period = ShortestPeriod(secret);
        var unit = period * 2 <= secret.Length ? secret[..period] : secret;
        var bytes = System.Text.Encoding.UTF8.GetByteCount(unit);
        if (bytes < MinimumSecretBytes)
        {
            return unit.Length == secret.Length
                ? FormattableString.Invariant($"it is {bytes} bytes long, fewer than {MinimumSecretBytes}")
                : FormattableString.Invariant($"it repeats a piece of {bytes} bytes, fewer than {MinimumSecretBytes}");
        }

        var distinct = secret.Distinct().Count();
        return distinct < MinimumSecretDistinctCharacters
            ? FormattableString.Invariant($"it has {distinct} different characters, fewer than {MinimumSecretDistinctCharacters}")
            : null;
    }

    /// <summary>The smallest p such that every character equals the one p places before it (the prefix function of Knuth-Morris-Pratt).</summary>
    private static int ShortestPeriod(string text)
    {
        var border = new int[text.Length];
        for (var i = 1; i < text.Length; i++)
        {
            var k = border[i - 1];
            while (k > 0 && text[i] != text[k])
            {
                k = border[k - 1];
            }

            border[i] = text[i] == text[k] ? k + 1 : k;
        }

        return text.Length - border[^1];
    }

    /// <summary>The first problem with the options, or null; the secret may be missing (but not blank) when <paramref name="requireSecret"/> is false.</summary>
    internal string? FindProblem(bool requireSecret)
    {
        if (string.IsNullOrWhiteSpace(Secret) && (requireSecret || !string.IsNullOrEmpty(Secret)))
        {
            return $"Anonymizing needs a secret: set the configuration key '{SecretConfigurationKey}' " +
                $"(environment variable '{SecretEnvironmentVariable}').";
        }

        if (!string.IsNullOrWhiteSpace(Secret) && WeakSecretReason(Secret) is { } weak)
        {
            return $"The de-identification secret ('{SecretConfigurationKey}') is too weak: {weak}. It keys the HMAC " +
                "that makes every pseudonym, UID and date shift, so whoever guesses it can re-identify patients by recomputing " +
                $"pseudonyms; use at least {MinimumSecretBytes} bytes of random text, e.g. the output of 'openssl rand -base64 32'.";
        }

        if (!Enum.IsDefined(Policy))
        {
            return $"Policy must be {AnonymizationPolicy.Basic} or {AnonymizationPolicy.Strict}.";
        }

        if (RetainLongitudinalFullDates && RetainLongitudinalModifiedDates)
        {
            return "RetainLongitudinalFullDates and RetainLongitudinalModifiedDates are alternatives (PS3.15 E.3.6): choose one.";
        }

        foreach (var tag in SafePrivateTags)
        {
            if (tag is null || string.IsNullOrWhiteSpace(tag.Creator))
            {
                return "Every entry of SafePrivateTags needs a private creator.";
            }
        }

        try
        {
            SiteRules.Compile(Rules);
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }

        return null;
    }

    /// <summary>
    /// Tests only: leaves out the known-identifier sweep, so a planted case can show that it leaks without it (a case the
    /// layers before the sweep already remove proves nothing about the sweep).
    /// </summary>
    internal bool SkipKnownIdentifierSweep { get; set; }

    /// <summary>A copy, so later changes do not affect an anonymizer already made.</summary>
    internal AnonymizationOptions Snapshot()
    {
        var copy = new AnonymizationOptions
        {
            Secret = Secret,
            Policy = Policy,
            AllowBurnedInAnnotation = AllowBurnedInAnnotation,
            BlankAllPixelText = BlankAllPixelText,
            TextDetectorFactory = TextDetectorFactory,
            PatientIdentityProvider = PatientIdentityProvider,
            SkipKnownIdentifierSweep = SkipKnownIdentifierSweep,
        };
        foreach (var option in ProfileOptions.All)
        {
            option.Enable(copy, option.IsEnabled(this));
        }

        foreach (var tag in SafePrivateTags)
        {
            copy.SafePrivateTags.Add(tag);
        }

        foreach (var rule in Rules)
        {
            copy.Rules.Add(rule);
        }

        return copy;
    }
}
