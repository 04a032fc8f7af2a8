namespace DicomPipeline.Anonymization;

/// <summary>How <see cref="IdentifierNormalizer"/> reads an identifying value.</summary>
internal enum IdentifierKind
{
    /// <summary>Text or an ID: the whole value, its parts, and its runs of four or more digits.</summary>
    Text,

    /// <summary>A person name: every component of every component group.</summary>
    PersonName,

    /// <summary>A date (DA, or the date of a DT): its day in the usual written orders.</summary>
    Date,
}
