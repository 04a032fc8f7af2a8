using System.Reflection;

namespace DicomPipeline.Tests;

/// <summary>State the library keeps lives in objects a run owns, not in statics a thread carries from one run to the next.</summary>
public sealed class LibraryStateTests
{
    [Fact]
    public void Library_HasNoThreadStaticFields()
    {
        // A [ThreadStatic] cache outlives the run and the object it serves (the keyed HMAC of one secret stayed on a
        // thread-pool thread after its pipeline was gone) and is invisible to whoever disposes the pipeline.
        var threadStatics =
            from type in typeof(DicomPipelineBuilder).Assembly.GetTypes()
            from field in type.GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly)
            where field.IsDefined(typeof(ThreadStaticAttribute), inherit: false)
            select $"{type.FullName}.{field.Name}";

        threadStatics.Should().BeEmpty();
    }
}
