using System.Collections.Concurrent;

namespace OfficeMesh.Web.Services;

/// <summary>
/// The app's service provider, able to hand out services of a lazy-loaded assembly. A component library
/// loaded on demand (Radzen.Blazor for the charts) injects its own services, whose types cannot be named
/// at start without loading the library; such a service is created the first time a component of that
/// library asks for it, once per scope, from the app's own services. Everything else is the default provider.
/// </summary>
public sealed class LateBoundServiceProviderFactory(Func<Type, bool> isLateBound) : IServiceProviderFactory<IServiceCollection>
{
    public IServiceCollection CreateBuilder(IServiceCollection services) => services;

    public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder) =>
        new LateBoundServices(containerBuilder.BuildServiceProvider(), isLateBound, scope: null);
}

internal sealed class LateBoundServices(IServiceProvider inner, Func<Type, bool> isLateBound, IServiceScope? scope)
    : IServiceProvider, IServiceScopeFactory, IServiceScope, IAsyncDisposable
{
    private readonly ConcurrentDictionary<Type, object> _late = new();

    public IServiceProvider ServiceProvider => this;

    public object? GetService(Type serviceType)
    {
        if (serviceType == typeof(IServiceScopeFactory))
            return this;
        var service = inner.GetService(serviceType);
        if (service is not null || !isLateBound(serviceType))
            return service;
        return _late.GetOrAdd(serviceType, type => ActivatorUtilities.CreateInstance(inner, type));
    }

    public IServiceScope CreateScope()
    {
        var created = inner.GetRequiredService<IServiceScopeFactory>().CreateScope();
        return new LateBoundServices(created.ServiceProvider, isLateBound, created);
    }

    public void Dispose()
    {
        foreach (var service in _late.Values.OfType<IDisposable>())
            service.Dispose();
        if (scope is not null) scope.Dispose();
        else (inner as IDisposable)?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _late.Values.OfType<IDisposable>())
            service.Dispose();
        if (scope is IAsyncDisposable asyncScope) await asyncScope.DisposeAsync();
        else if (scope is not null) scope.Dispose();
        else if (inner is IAsyncDisposable asyncInner) await asyncInner.DisposeAsync();
        else (inner as IDisposable)?.Dispose();
    }
}
