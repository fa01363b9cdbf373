using OfficeMesh.Contracts;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OfficeMesh.Server.Hosting;

/// <summary>
/// OpenTelemetry for one process: metrics for Prometheus at /metrics always; traces that join gateway →
/// API → grains → storage, and logs, over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set. Listeners are process-wide, so each process registers this once,
/// on its public-facing app (in the all-in-one role, the gateway's), or every span would be exported twice.
/// </summary>
public static class Telemetry
{
    public static readonly string[] TraceSources =
        ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Yarp.ReverseProxy", "Npgsql", OfficeMeshMetrics.MeterName];

    public static readonly string[] Meters = [OfficeMeshMetrics.MeterName, "Microsoft.Orleans", "Npgsql"];

    public static void AddOfficeMeshTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceInstanceId: $"{Environment.MachineName}-{Environment.ProcessId}"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(Meters)
                // Orleans computes this gauge by walking its whole directory cache on every scrape, which with
                // hundreds of thousands of activations costs seconds of CPU; no dashboard uses it.
                .AddView("orleans-directory-cache-size", MetricStreamConfiguration.Drop)
                .AddPrometheusExporter());

        // Traces and logs leave the process only over OTLP. Without a collector to send them to, recording a
        // dozen spans per request would cost CPU for nothing, so tracing is on only when one is configured.
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            return;
        telemetry.WithTracing(tracing => tracing
            .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsOperational(context.Request.Path))
            .AddHttpClientInstrumentation()
            .AddSource(TraceSources));
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        telemetry.UseOtlpExporter();
    }

    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health");
}
