namespace DicomPipeline.Tests.Robustness;

/// <summary>One corrupted input: the family and seed that rebuild it exactly (<see cref="MutationVariants.Create"/>), and its bytes.</summary>
internal sealed record MutationVariant(MutationFamily Family, string Syntax, int Seed, string Description, byte[] Bytes)
{
    /// <summary>How to name the variant in a failure, so that it can be rebuilt from the message alone.</summary>
    public string Id => $"{Family}/{Syntax}/seed {Seed}";

    public override string ToString() => $"{Id} ({Description})";
}
