using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Tokens;
using OfficeMesh.Api.Auth;
using OfficeMesh.Api.Directory;
using OfficeMesh.Api.Documents;
using OfficeMesh.Api.Http;
using OfficeMesh.Api.Information;
using OfficeMesh.Api.Supervision;
using OfficeMesh.Contracts;

namespace OfficeMesh.Api;

/// <summary>
/// The HTTP API of OfficeMesh (/api/v1). It runs inside a silo process and calls grains directly;
/// callers reach it only through the gateway.
/// </summary>
public static class ApiSetup
{
    public static IServiceCollection AddOfficeMeshApi(this IServiceCollection services, SecurityKey signingKey)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemLanguage.Localize);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
        // Let unreadable bodies reach ProblemExceptionHandler, which names the offending field.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddOpenApi();
        services.AddOptions<TokenOptions>().BindConfiguration("OfficeMesh:Auth");
        services.AddOptions<ScoringRules>().BindConfiguration("OfficeMesh:Scoring");
        services.AddSingleton(serviceProvider => ActivatorUtilities.CreateInstance<TokenIssuer>(serviceProvider, signingKey));
        services.AddOfficeMeshBearer(signingKey);
        return services;
    }

    /// <summary>JWT bearer validation as every OfficeMesh process does it (the gateway and the API alike).</summary>
    public static IServiceCollection AddOfficeMeshBearer(this IServiceCollection services, SecurityKey signingKey)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RememberingTokenHandler>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = TokenIssuer.ValidationParameters(signingKey);
                options.Events = new JwtBearerEvents
                {
                    OnAuthenticationFailed = _ =>
                    {
                        OfficeMeshMetrics.AuthenticationFailures.Add(1, OfficeMeshMetrics.Tag("reason", "invalid-token"));
                        return Task.CompletedTask;
                    },
                };
            });
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<RememberingTokenHandler>((options, handler) =>
            {
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(handler);
            });
        services.AddAuthorization();
        return services;
    }

    public static WebApplication MapOfficeMeshApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<IdempotencyMiddleware>();

        app.MapOpenApi();
        var api = app.MapGroup("/api/v1");
        api.MapAuthEndpoints();
        api.MapDirectoryEndpoints();
        api.MapProfileEndpoints();
        api.MapItemEndpoints();
        api.MapSectionEndpoints();
        api.MapSupervisionEndpoints();
        api.MapDocumentEndpoints();
        return app;
    }
}
