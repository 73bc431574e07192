using CommunityFund.Api.Security;
using CommunityFund.Economy;
using CommunityFund.EntityFrameworkCore;
using CommunityFund.Posting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CommunityFund.Api;

/// <summary>
/// Metrics and traces with OpenTelemetry. The books' own projects know only System.Diagnostics (their meters and the
/// commands' activity source); this host listens to them and exports. Configuration section <c>Telemetry</c>:
/// <list type="bullet">
/// <item><c>Metrics</c> (default <c>true</c>): collect the metrics and serve them in the Prometheus text format at
/// <c>GET /metrics</c>, to the operator's key only (<c>Authorization: Bearer &lt;operator key&gt;</c> or
/// <c>X-Api-Key</c>); <c>false</c> collects nothing and maps no route.</item>
/// <item><c>RuntimeMetrics</c> (default <c>true</c>): add the .NET runtime's metrics (GC, thread pool, exceptions) to them.</item>
/// <item><c>OtlpEndpoint</c> (default: none, or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> environment variable):
/// when set, traces (HTTP requests and the books' commands) are exported by OTLP to it; no traces are collected
/// otherwise.</item>
/// <item><c>ServiceName</c> (default <c>communityfund</c>): the <c>service.name</c> of the resource.</item>
/// </list>
/// Metrics: <c>http.server.request.duration</c> (rate and latency by route and status, from ASP.NET Core),
/// <c>communityfund.sales.posted</c>, <c>communityfund.journals.posted</c>, <c>communityfund.posting.duration</c>,
/// <c>communityfund.group_commit.size</c>, <c>communityfund.store.group_commit.size</c>,
/// <c>communityfund.database.errors</c> (by kind), <c>communityfund.commands</c> and
/// <c>communityfund.command.duration</c> (by command and outcome). Prometheus spells them with underscores, a unit
/// suffix and <c>_total</c> for counters (e.g. <c>communityfund_sales_posted_total</c>).
/// </summary>
public static class Telemetry
{
    /// <summary>The scrape route.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Every meter of the books the host listens to.</summary>
    internal static readonly string[] Meters = [TracedCommands.SourceName, PostingTelemetry.MeterName, EconomyTelemetry.MeterName, StoreTelemetry.MeterName];

    /// <summary>Registers OpenTelemetry as configured.</summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("Telemetry");
        var metrics = section.GetValue("Metrics", true);
        var endpoint = section["OtlpEndpoint"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (!metrics && string.IsNullOrWhiteSpace(endpoint))
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry().ConfigureResource(r => r.AddService(section["ServiceName"] ?? "communityfund"));
        if (metrics)
        {
            var runtime = section.GetValue("RuntimeMetrics", true);
            telemetry.WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation().AddMeter(Meters).AddPrometheusExporter();
                if (runtime)
                {
                    m.AddRuntimeInstrumentation();
                }
            });
        }

        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            telemetry.WithTracing(t => t.AddAspNetCoreInstrumentation().AddSource(TracedCommands.SourceName)
                .AddOtlpExporter(o => o.Endpoint = new Uri(endpoint, UriKind.Absolute)));
        }

        return services;
    }

    /// <summary>Maps <c>GET /metrics</c> for the operator, when metrics are on.</summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Configuration.GetSection("Telemetry").GetValue("Metrics", true))
        {
            // GET only (the exporter maps every method); out of the OpenAPI document, which is for the books' clients.
            app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(Policies.Operator)
                .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]), new Microsoft.AspNetCore.Routing.ExcludeFromDescriptionAttribute());
        }

        return app;
    }
}
