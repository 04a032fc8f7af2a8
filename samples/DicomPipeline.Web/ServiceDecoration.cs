namespace DicomPipeline.Web;

/// <summary>Wraps a service the library registered, so the sample can add to it without changing the library.</summary>
internal static class ServiceDecoration
{
    /// <summary>Replaces the last registration of <typeparamref name="TService"/> with <paramref name="decorate"/> over it.</summary>
    /// <exception cref="InvalidOperationException">Nothing registered the service.</exception>
    public static IServiceCollection Decorate<TService>(this IServiceCollection services, Func<IServiceProvider, TService, TService> decorate)
        where TService : class
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(TService))
            ?? throw new InvalidOperationException($"{typeof(TService).Name} is not registered; call AddDicomPipeline first.");
        services.Remove(registered);
        services.AddSingleton(sp =>
        {
            var inner = registered.ImplementationInstance
                ?? registered.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!);
            return decorate(sp, (TService)inner);
        });
        return services;
    }
}
