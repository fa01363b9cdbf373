using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OfficeMesh.Api.Http;

/// <summary>
/// The error responses an operation can give, for its OpenAPI document. The errors themselves are thrown
/// (<see cref="OfficeMesh.Contracts.DomainException"/>) wherever a rule refuses, and written by
/// <see cref="ProblemExceptionHandler"/> through the problem details service, so every problem reads alike
/// (localized title, field errors on 400) whichever layer refused.
/// </summary>
public static class ProblemResponses
{
    /// <summary>400 is a validation problem (<c>errors: { field: [messages] }</c>); every other status a plain problem.</summary>
    public static RouteHandlerBuilder Refuses(this RouteHandlerBuilder endpoint, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            endpoint = status == StatusCodes.Status400BadRequest
                ? endpoint.ProducesValidationProblem()
                : endpoint.ProducesProblem(status);
        }
        return endpoint;
    }
}
