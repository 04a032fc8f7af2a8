using DicomPipeline.Pipeline;

namespace DicomPipeline.Tests.DependencyInjection;

/// <summary>The package depends on the container's abstractions only: it never builds a ServiceProvider of its own.</summary>
public class PackageDependencyTests
{
    [Fact]
    public void Library_DoesNotReferenceTheDependencyInjectionContainer() =>
        typeof(IDicomPipeline).Assembly.GetReferencedAssemblies().Select(a => a.Name)
            .Should().NotContain("Microsoft.Extensions.DependencyInjection")
            .And.Contain("Microsoft.Extensions.DependencyInjection.Abstractions");
}
