using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;

namespace OfficeMesh.Gateway;

/// <summary>Retries on another silo, from <c>OfficeMesh:Gateway:Retry</c>.</summary>
public sealed class GatewayRetryOptions
{
    /// <summary>Tries in all, the first included; 1 turns retries off.</summary>
    public int Attempts { get; set; } = 4;

    /// <summary>Wait before the first retry; each next retry waits this much longer (a silo rejoining needs a moment).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(200);
}

/// <summary>
/// YARP has no retry of its own. This step of the proxy pipeline, in front of load balancing, sends a request
/// again to another healthy silo when the silo it went to could not answer it — a silo stopping, restarting or
/// dead — as long as nothing has been sent back to the caller yet:
/// <list type="bullet">
/// <item>any request whose connection could not even be opened (it never reached the application);</item>
/// <item>a read (GET, HEAD) or a request carrying an <c>Idempotency-Key</c>, whatever the failure, and also when the
/// silo answered 503 (a transient cluster state): repeating them changes nothing or replays the stored answer.</item>
/// </list>
/// A POST without a key that reached a silo is never sent twice: the caller gets the answer or the 502/503.
/// </summary>
public static class SiloRetry
{
    private const string IdempotencyKeyHeader = "Idempotency-Key";
    private static readonly object RetryOn503 = new();

    /// <summary>The response step: a 503 from a silo that may be retried is not passed on, so the retry step can try elsewhere.</summary>
    public static void AddSiloRetry(this IReverseProxyBuilder proxy) =>
        proxy.AddTransforms(transforms => transforms.AddResponseTransform(response =>
        {
            if (response.ProxyResponse?.StatusCode == HttpStatusCode.ServiceUnavailable && response.HttpContext.Items.ContainsKey(RetryOn503))
            {
                response.SuppressResponseBody = true;
                response.HttpContext.Items[RetryOn503] = true;
            }
            return ValueTask.CompletedTask;
        }));

    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.Retry;
        var proxy = context.GetReverseProxyFeature();
        var repeatable = IsRepeatable(context.Request);
        if (options.Attempts > 1 && context.Request.ContentLength is not 0)
            context.Request.EnableBuffering();
        var tried = new List<DestinationState>();
        for (var attempt = 1; ; attempt++)
        {
            var last = attempt >= options.Attempts;
            if (repeatable && !last)
                context.Items[RetryOn503] = false;
            else
                context.Items.Remove(RetryOn503);

            await next();

            if (last || context.Response.HasStarted || context.RequestAborted.IsCancellationRequested || !ShouldRetry(context, repeatable))
                return;
            if (proxy.ProxiedDestination is { } failed)
                tried.Add(failed);
            context.Response.Clear();
            context.Features.Set<IForwarderErrorFeature>(null);
            if (context.Request.Body.CanSeek)
                context.Request.Body.Position = 0;
            await Task.Delay(options.Delay * attempt, context.RequestAborted);
            // Load balancing narrowed the list to the silo it picked: offer it the silos now healthy, those that failed last.
            var healthy = proxy.Route.Cluster?.DestinationsState.AvailableDestinations ?? proxy.AllDestinations;
            var untried = healthy.Where(destination => !tried.Contains(destination)).ToList();
            proxy.AvailableDestinations = untried.Count > 0 ? untried : healthy;
        }
    }

    private static bool IsRepeatable(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || request.Headers.ContainsKey(IdempotencyKeyHeader);

    private static bool ShouldRetry(HttpContext context, bool repeatable)
    {
        if (context.Items.TryGetValue(RetryOn503, out var suppressed) && suppressed is true)
            return true;
        if (context.Features.Get<IForwarderErrorFeature>() is not { } error)
            return false;
        return error.Error switch
        {
            // The caller went away or sent a broken body: nothing another silo could do better.
            ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.RequestBodyClient
                or ForwarderError.ResponseBodyCanceled or ForwarderError.ResponseBodyClient or ForwarderError.UpgradeRequestCanceled => false,
            ForwarderError.NoAvailableDestinations => true,
            _ => repeatable || NeverConnected(error.Exception),
        };
    }

    /// <summary>The connection to the silo was refused or could not be made: the request never reached it.</summary>
    private static bool NeverConnected(Exception? exception) => exception switch
    {
        null => false,
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => true,
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => true,
        _ => NeverConnected(exception.InnerException),
    };
}
