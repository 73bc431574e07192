using System.Globalization;

namespace CommunityFund.LoadTool;

/// <summary>The load tool's command line: the sizes of the full run and each mode's number (0 when the mode is not chosen).</summary>
internal sealed record Options(int Sales, int BulkSales, int Journals, string? Postgres, int Clients, int HttpSeconds, int Import, int Reconcile, string? ReconcileCache,
    int SoakMinutes = 0, string? SoakPostgres = null, int PublicPage = 0, int BytesPerSale = 0, int Reads = 0, string? ReadsCache = null, string? SoakKeep = null,
    int WarmUpSales = 2_000, int HttpWarmUpSeconds = 0)
{
    /// <summary>Reads the options; PostgreSQL defaults to <c>COMMUNITYFUND_PG_ADMIN</c> when set.</summary>
    internal static Options Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Number(string name, int fallback) => int.TryParse(Value(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : fallback;
        return new Options(Number("--sales", 2_000), Number("--bulk-sales", 20_000), Number("--journals", 200_000),
            Value("--postgres") ?? (Environment.GetEnvironmentVariable("COMMUNITYFUND_PG_ADMIN") is { Length: > 0 } pg ? pg : null),
            Number("--clients", 32), Number("--http-seconds", 20), Number("--import", 0), Number("--reconcile", 0), Value("--reconcile-cache"),
            Number("--soak", 0), Value("--soak-postgres"), Number("--public-page", 0), Number("--bytes-per-sale", 0), Number("--reads", 0), Value("--reads-cache"), Value("--soak-keep"),
            Number("--warm-up-sales", 2_000), Number("--http-warm-up", 0));
    }
}
