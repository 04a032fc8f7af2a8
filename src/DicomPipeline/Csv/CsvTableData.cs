using DicomPipeline.Dicom;

namespace DicomPipeline.Csv;

/// <summary>What a checked table is made of, handed from <see cref="CsvTableBuilder"/> to <see cref="CsvLookupTable"/>.</summary>
/// <param name="SourcePath">Where the rows came from.</param>
/// <param name="Options">The options' snapshot.</param>
/// <param name="MatchTag">The attribute of the original instance compared with the key.</param>
/// <param name="Header">The column names.</param>
/// <param name="Cells">Every row's cells, row after row.</param>
/// <param name="Lines">The line each row starts on.</param>
/// <param name="RowsByKey">Row position by key.</param>
/// <param name="WrittenColumns">The columns written into the instances.</param>
/// <param name="ClinicalIndexes">The positions of the clinical columns.</param>
internal sealed record CsvTableData(
    string SourcePath,
    CsvMergeOptions Options,
    DicomTag MatchTag,
    string[] Header,
    List<string> Cells,
    List<int> Lines,
    Dictionary<string, int> RowsByKey,
    CsvWrittenColumn[] WrittenColumns,
    int[] ClinicalIndexes);
