using DicomPipeline.Orthanc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers <see cref="IOrthancClient"/> for the chores only Orthanc does (list studies, make an anonymized copy of
/// each, delete them all). Sending to Orthanc needs none of this: it is a destination like any other
/// (<c>orthanc+http://host:8042</c> in <c>DicomPipeline:Destinations</c> or <c>SendTo</c>).
/// </summary>
public static class OrthancServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IOrthancClient"/> (a typed HTTP client with the standard resilience handler), with
    /// <see cref="OrthancOptions"/> bound from <c>DicomPipeline:Orthanc</c> when a configuration is registered and checked
    /// when the host starts.
    /// </summary>
    /// <param name="builder">The builder <c>AddDicomPipeline</c> returned.</param>
    /// <param name="configure">Sets base URL, credentials, timeout, parallelism; optional.</param>
    /// <returns>The same builder.</returns>
    public static IDicomPipelineServicesBuilder AddOrthanc(this IDicomPipelineServicesBuilder builder, Action<OrthancOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(IOrthancClient)))
        {
            var options = services.AddOptions<OrthancOptions>();
            if (services.Any(d => d.ServiceType == typeof(IConfiguration)))
            {
                options.BindConfiguration(OrthancOptions.SectionName);
            }

            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OrthancOptions>, OrthancOptionsValidator>());
            options.ValidateOnStart();
            OrthancRegistration.AddOrthancClient(services);
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }
}
