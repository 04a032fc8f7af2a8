namespace DicomPipeline.Csv;

/// <summary>A CSV column whose values are written into the instances: a keyword column or a mapped clinical column.</summary>
/// <param name="Index">The 0-based field position.</param>
/// <param name="Header">The column's header.</param>
/// <param name="Attribute">The attribute it sets.</param>
internal sealed record CsvWrittenColumn(int Index, string Header, CsvAttribute Attribute);
