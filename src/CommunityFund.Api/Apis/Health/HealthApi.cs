using CommunityFund.EntityFrameworkCore;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api.Apis;

/// <summary>The service's front page and its health, for people and for the operator's probes (no key needed).</summary>
public static class HealthApi
{
    /// <summary>A ledger id no ledger has: readiness reads it, so the probe runs a real query and touches no books.</summary>
    private static readonly LedgerId Probe = LedgerId.From("readiness-probe");

    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/", FrontPage).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/health", Live).AllowAnonymous().WithName("Health").WithSummary("Liveness (the same as /health/live).").WithDescription("Kept for probes configured before /health/live existed; answers 200 while the process runs.").WithTags("Health");
        app.MapGet("/health/live", Live).AllowAnonymous().WithName("HealthLive").WithSummary("Liveness: the process answers.").WithTags("Health");
        app.MapGet("/health/ready", ReadyAsync).AllowAnonymous().WithName("HealthReady")
            .WithSummary("Readiness: a real query against the database answered; 503 storage.unavailable when it did not.").WithTags("Health")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static Ok<HealthDto> Live() => TypedResults.Ok(new HealthDto("ok"));

    private static async Task<Results<Ok<HealthDto>, ProblemHttpResult>> ReadyAsync(IJournalLog books, HttpContext http, ILoggerFactory logs)
    {
        try
        {
            // With shards, every server must answer: a ledger on a silent one could not be served.
            await (books is ShardedLedgerStore shards ? shards.ProbeAsync(http.RequestAborted) : books.GetLedgerAsync(Probe, http.RequestAborted));
            return TypedResults.Ok(new HealthDto("ready"));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            // Not ready, whatever the database said: the operator's probe takes the instance out of rotation.
            logs.CreateLogger(typeof(HealthApi)).LogWarning("Readiness probe: the database did not answer ({Error}).", ex.GetType().Name);
            http.Response.Headers.RetryAfter = "5";
            return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, ApiErrorCodes.StorageUnavailable, "The database did not answer; the service is not ready.");
        }
    }

    private static ContentHttpResult FrontPage() => TypedResults.Content(Page, "text/html; charset=utf-8");

    private const string Page = """
        <!doctype html>
        <html lang="zh-CN">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>CommunityFund</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; line-height: 1.5">
        <h1>CommunityFund 社区基金账本</h1>
        <p>Double-entry books for a community's social economy: service packages and their 70/25/5 distribution,
        one-yuan leases and resource-for-service swaps, the community fund, settlements and audits.</p>
        <p>“公益+有偿+低偿”社区服务的复式记账：服务包与 70/25/5 分配、一元租金与资源换服务、社区基金、结算与审计。</p>
        <ul>
        <li><a href="/swagger">API reference (Swagger)</a> — authenticate with an API key in the <code>X-Api-Key</code> header.</li>
        <li><a href="/swagger/v1/swagger.json">OpenAPI document</a></li>
        <li><a href="/health/ready">Readiness</a></li>
        </ul>
        </body>
        </html>
        """;
}
