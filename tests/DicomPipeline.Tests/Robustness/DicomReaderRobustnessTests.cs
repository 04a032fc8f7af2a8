using DicomPipeline.Dicom;
using Xunit.Abstractions;

namespace DicomPipeline.Tests.Robustness;

/// <summary>
/// The mutation suite's hostile structures, in every transfer syntax, each variant held to the reader's contract
/// (<see cref="VariantCheck"/>: a dataset or <see cref="DicomFormatException"/>, within 2 s and 256 MB). Every variant
/// is seeded; a failure lists the seeds that rebuild the inputs.
/// </summary>
public class DicomReaderRobustnessTests(ITestOutputHelper output)
{
    public static TheoryData<string> Syntaxes => [.. MutationVariants.Syntaxes];

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void Read_SequencesNestedTenThousandDeep_ThrowsFormatExceptionWithinLimits(string syntax)
    {
        var count = VariantCheck.RunAll(MutationVariants.All(MutationFamily.DeepNesting, syntax), mustThrow: true);

        output.WriteLine($"{count} variants nested {MutationVariants.NestingDepth} deep");
    }

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void Read_UndefinedLengthItemsNeverClosed_ThrowsFormatExceptionWithinLimits(string syntax)
    {
        var count = VariantCheck.RunAll(MutationVariants.All(MutationFamily.UnclosedItem, syntax), mustThrow: true);

        output.WriteLine($"{count} unclosed variants");
    }

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void Read_LengthFieldsAtElementBoundariesSetToHostileValues_ReturnsOrThrowsFormatExceptionWithinLimits(string syntax)
    {
        var count = VariantCheck.RunAll(MutationVariants.All(MutationFamily.LengthAtBoundary, syntax));

        output.WriteLine($"{count} variants over {MutationVariants.LengthFields(syntax).Count} length fields");
        count.Should().BeGreaterThan(100, "the synthesized file has elements, items and delimiters at several levels");
    }

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void LengthFields_SynthesizedFile_IncludeItemAndDelimiterLengthsInsideSequences(string syntax)
    {
        var fields = MutationVariants.LengthFields(syntax);

        fields.Should().Contain(f => f.Value == 0xFFFFFFFF, "sequences and items are written with undefined length");
        fields.Should().Contain(f => f.Value == 0 && f.Size == 4, "item and sequence delimiters have a zero length");
    }

    [Fact]
    public void Create_SameSeedTwice_BuildsTheSameBytes()
    {
        foreach (var family in Enum.GetValues<MutationFamily>())
        {
            var syntax = DicomTransferSyntax.ExplicitVRBigEndian.Uid;
            MutationVariants.Create(family, syntax, 2).Bytes.Should().Equal(MutationVariants.Create(family, syntax, 2).Bytes);
        }
    }
}
