namespace DicomPipeline.Anonymization;

/// <summary>
/// One of the ten PS3.15 Annex E profile options, everything the code says about it in one row of
/// <see cref="ProfileOptions.All"/>.
/// </summary>
/// <param name="Name">
/// The <see cref="AnonymizationOptions"/> property, which is also the name <c>report.json</c> lists and, in kebab case, the
/// console's <c>--option</c> value.
/// </param>
/// <param name="CodeValue">The PS3.16 CID 7050 code value (scheme DCM) written into De-identification Method Code Sequence.</param>
/// <param name="CodeMeaning">The CID 7050 code meaning, also a value of De-identification Method (0012,0063).</param>
/// <param name="IsEnabled">Reads the option from the options.</param>
/// <param name="Enable">Sets the option on the options.</param>
/// <param name="Column">The option's column of Table E.1-1: its action code for a row, or null where the column is empty.</param>
internal sealed record ProfileOption(
    string Name,
    string CodeValue,
    string CodeMeaning,
    Func<AnonymizationOptions, bool> IsEnabled,
    Action<AnonymizationOptions, bool> Enable,
    Func<ConfidentialityProfileRow, string?> Column);
