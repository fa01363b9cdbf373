using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OfficeMesh.Api.Auth;
using OfficeMesh.Contracts.Audit;

namespace OfficeMesh.Api.Audit;

/// <summary>
/// The gateway's own refusals (no token, an invalid one, a role the route needs) never reach an API, so the
/// gateway puts them on record itself: in the all-in-one role into the process's audit log, in the gateway role
/// into its <c>OfficeMesh.Audit</c> log only (it has no database of its own).
/// </summary>
public static class GatewayAudit
{
    /// <param name="shared">The silo's audit log, when the gateway runs in the same process.</param>
    public static IServiceCollection AddOfficeMeshGatewayAudit(this IServiceCollection services, IAuditLog? shared)
    {
        if (shared is not null)
        {
            services.AddSingleton(shared);
        }
        else
        {
            services.AddSingleton<IAuditStore, LogOnlyAuditStore>();
            services.AddSingleton<IAuditLog, AuditLog>();
        }
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuditingAuthorizationResultHandler>();
        return services;
    }

    /// <summary>Records a refusal by the authorization middleware, then lets the default handler answer it.</summary>
    private sealed class AuditingAuthorizationResultHandler(IAuditLog audit) : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler _answer = new();

        public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
        {
            if (authorizeResult.Challenged || authorizeResult.Forbidden)
            {
                var status = authorizeResult.Challenged ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
                var actor = context.User.Identity?.IsAuthenticated == true ? context.User.Username() : null;
                // The gateway is the first hop: a client's own X-Forwarded-For is not its address.
                await audit.RecordAsync(AuditLogExtensions.Entry(context, actor, $"{context.Request.Method} {context.Request.Path}", null, status,
                    address: context.Connection.RemoteIpAddress?.ToString()));
            }
            await _answer.HandleAsync(next, context, policy, authorizeResult);
        }
    }

    private sealed class LogOnlyAuditStore : IAuditStore
    {
        public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<AuditRecord>> ReadAsync(AuditQuery query, CancellationToken cancellationToken) =>
            throw new NotSupportedException("The gateway keeps no audit log of its own; the silos' API reads it.");
    }
}
