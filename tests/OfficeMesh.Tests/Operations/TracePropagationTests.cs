using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using OfficeMesh.Server.Hosting;
using OfficeMesh.Tests.Infrastructure;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Xunit;

namespace OfficeMesh.Tests.Operations;

/// <summary>One submission is one trace: the gateway's span, the API's span and the grain calls share its trace id.</summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class TracePropagationTests(EmbeddedServerFixture server)
{
    [Fact]
    public async Task A_submission_is_one_trace_from_the_gateway_through_the_api_to_the_grains()
    {
        var county = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(Telemetry.TraceSources)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddInMemoryExporter(spans)
            .Build();

        // The caller's own span: the request carries its trace id, as a township's traced system would send it.
        var traceId = ActivityTraceId.CreateRandom();
        using var caller = new Activity("township-system").SetParentId(traceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/items")
        {
            Content = JsonContent.Create(CountySetup.Routine("链路追踪测试")),
        };
        request.Headers.Authorization = new("Bearer", county.Officer1.Token);
        using var response = await server.Anonymous.Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        // Server spans end as their responses complete; give the last one a moment, then flush.
        await Task.Delay(500, TestContext.Current.CancellationToken);
        tracing.ForceFlush();
        List<Activity> trace;
        lock (spans)
            trace = spans.Where(span => span.TraceId == traceId).ToList();

        var gatewayPort = server.Anonymous.Http.BaseAddress!.Port;
        var serverSpans = trace.Where(span => span.Kind == ActivityKind.Server && span.Source.Name == "Microsoft.AspNetCore").ToList();
        Assert.Contains(serverSpans, span => Port(span) == gatewayPort);
        Assert.Contains(serverSpans, span => Port(span) is { } port && port != gatewayPort);
        Assert.Contains(trace, span => span.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && span.DisplayName.Contains("IItemGrain", StringComparison.Ordinal));
        Assert.Contains(trace, span => span.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && span.DisplayName.Contains("IItemIndexGrain", StringComparison.Ordinal));
    }

    private static int? Port(Activity span) => span.GetTagItem("server.port") switch
    {
        int port => port,
        string text when int.TryParse(text, out var port) => port,
        _ => null,
    };
}
