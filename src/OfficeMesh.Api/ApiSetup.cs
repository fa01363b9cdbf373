using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Tokens;
using OfficeMesh.Api.Audit;
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
        services.AddOptions<SignInThrottleOptions>().BindConfiguration("OfficeMesh:SignIn");
        services.AddOptions<EventStreamOptions>().BindConfiguration("OfficeMesh:Streams");
        services.AddSingleton(serviceProvider => ActivatorUtilities.CreateInstance<TokenIssuer>(serviceProvider, signingKey));
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<AccountStandings>();
        services.AddSingleton<EventStreamLimiter>();
        services.AddSingleton(new RequestFingerprints(signingKey));
        services.AddOfficeMeshBearer(signingKey);
        // The store (IAuditStore) comes with the deployment's storage: SQLite embedded, PostgreSQL clustered.
        services.AddSingleton<IAuditLog, AuditLog>();
        // The API is the judge of whether a valid token's account still stands behind it (the gateway cannot ask grains).
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            options.Events.OnTokenValidated = async validated =>
            {
                var standings = validated.HttpContext.RequestServices.GetRequiredService<AccountStandings>();
                if (!await standings.HoldsAsync(validated.Principal!))
                {
                    OfficeMeshMetrics.AuthenticationFailures.Add(1, OfficeMeshMetrics.Tag("reason", "revoked-token"));
                    validated.Fail("The account is disabled or its password was reset since this token was issued.");
                }
            };
        });
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
        // After authentication (it names the actor), before authorization (its 403s are on record too).
        app.UseMiddleware<AuditMiddleware>();
        app.UseAuthorization();
        app.UseMiddleware<IdempotencyMiddleware>();

        app.MapOpenApi();
        var api = app.MapGroup("/api/v1");
        api.MapGroup("").RecordsSignInAccount().MapAuthEndpoints();
        api.MapDirectoryEndpoints();
        api.MapProfileEndpoints();
        api.MapItemEndpoints();
        api.MapSectionEndpoints();
        api.MapSupervisionEndpoints();
        api.MapLeaderEndpoints();
        api.MapAuditEndpoints();
        api.MapDocumentEndpoints();
        return app;
    }
}
