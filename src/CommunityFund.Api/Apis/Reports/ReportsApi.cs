using CommunityFund.Api.Security;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Reports;
using CommunityFund.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>Balances, trial balances, the integrity check and the distribution reports.</summary>
public static class ReportsApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapReports(this RouteGroupBuilder group)
    {
        group.MapGet("/entities/{entityId}/balances", BalancesAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("Balances").WithSummary("An entity's account balances, as of a date ('asOf', optional).").WithTags("Reports");
        group.MapGet("/entities/{entityId}/trial-balance", TrialBalanceAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("TrialBalance").WithSummary("An entity's trial balance per unit, as of a date ('asOf', optional); 'format=csv' for a spreadsheet.").WithTags("Reports");
        group.MapGet("/entities/{entityId}/register", RegisterAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("AccountRegister").WithSummary("An account's register (明细账) with running balances: 'account', optional 'from' and 'to'; 'format=csv' for a spreadsheet; with 'limit' (1–1,000 journals) and 'after' (a cursor) one page by date, and a Link header to the next.").WithTags("Reports");
        group.MapGet("/entities/{entityId}/statements/fund", FundStatementAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("FundStatement").WithSummary("The community-fund statement for 'from'–'to': inflows by source, grants, releases, restricted balances.").WithTags("Reports");
        group.MapGet("/exports/csv", JournalsCsv).RequireAuthorization(Policies.Read).InLedger().WithName("ExportCsv").Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("Every journal line as CSV (UTF-8 with BOM, Chinese and English names; streamed), or those dated from 'from' to 'to' (both optional); a provider gets its own entity's lines.").WithTags("Reports");
        group.MapGet("/verification", VerifyAsync).RequireAuthorization(Policies.Audit).RequireRateLimiting(Composition.ExpensiveReads).InLedger()
            .WithName("VerifyLedger").WithSummary("Integrity check: hash chain verified and maintained balances rebuilt from the journals.").WithTags("Audit");
        group.MapGet("/reports/fairness", FairnessAsync).RequireAuthorization(Policies.Audit).InLedger()
            .WithName("FairnessReport").WithSummary("Each party's cumulative share against its exact entitlement, per provider and policy version.").WithTags("Audit");
        group.MapGet("/reports/reconciliation", ReconciliationAsync).RequireAuthorization(Policies.Audit).InLedger()
            .WithName("ReconciliationReport").WithSummary("Providers' due-to-hub against the hub's due-from-provider.").WithTags("Audit");
        group.MapGet("/reports/fund-receivables", FundReceivablesAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("FundReceivables")
            .WithSummary("What providers owe the community fund and it has not received, per provider and month, aged 0–30, 31–90 and over 90 days from the month's end, as of 'asOf' (default today); each provider's total against its payable in its books. A provider sees its own rows; 'format=csv' for a spreadsheet.")
            .WithTags("Reports");
        group.MapGet("/exports/hledger", (LedgerScope scope) => Export(scope, "journal", PlainTextExports.WriteHledgerAsync))
            .RequireAuthorization(Policies.Audit).InLedger().WithName("ExportHledger").Produces(StatusCodes.Status200OK, contentType: "text/plain")
            .WithSummary("The whole ledger as an hledger journal (streamed), to recheck with hledger.").WithTags("Audit");
        group.MapGet("/exports/beancount", (LedgerScope scope) => Export(scope, "beancount", PlainTextExports.WriteBeancountAsync))
            .RequireAuthorization(Policies.Audit).InLedger().WithName("ExportBeancount").Produces(StatusCodes.Status200OK, contentType: "text/plain")
            .WithSummary("The whole ledger in Beancount format (streamed), to recheck with bean-check.").WithTags("Audit");
        group.MapGet("/reports/distributions/by-period", DistributionsByPeriodAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("DistributionsByPeriod").WithSummary("Distributions per provider, month and policy version: base, each party's share, refunds reversed.").WithTags("Reports");
        group.MapGet("/reports/distributions", DistributionsAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("DistributionReport").WithSummary("Every distribution with its policy, rounding rule, settlement status and refunds.").WithTags("Reports");
        return group;
    }

    private static async Task<Results<Ok<List<AccountBalanceDto>>, ProblemHttpResult>> BalancesAsync(string entityId, string? asOf, LedgerScope scope)
    {
        if (EntityAsOf(scope, entityId, asOf, out var date) is { } refused)
        {
            return refused;
        }

        var balances = await scope.Store.GetBalancesAsync(scope.Id, EntityId.From(entityId), date, scope.RequestAborted);
        return TypedResults.Ok(balances.Select(AccountBalanceDto.FromCore).ToList());
    }

    private static async Task<Results<Ok<TrialBalanceDto>, FileContentHttpResult, ProblemHttpResult>> TrialBalanceAsync(string entityId, string? asOf, string? format, LedgerScope scope)
    {
        if ((EntityAsOf(scope, entityId, asOf, out var date) ?? QueryValues.BadFormat(format)) is { } refused)
        {
            return refused;
        }

        var report = await TrialBalance.BuildAsync(scope.Store, scope.Id, EntityId.From(entityId), date, scope.RequestAborted);
        return format is null ? TypedResults.Ok(TrialBalanceDto.FromCore(report)) : await CsvAsync(w => CsvExports.WriteTrialBalanceAsync(report, w), $"{entityId}-trial-balance.csv");
    }

    /// <summary>The most journals one page of a register answers.</summary>
    public const int MaxRegisterPage = 1_000;

    private static async Task<Results<Ok<AccountRegisterDto>, FileContentHttpResult, ProblemHttpResult>> RegisterAsync(
        string entityId, string? account, [AsParameters] DateRangeQuery range, string? format, int? limit, string? after, LedgerScope scope, HttpContext http)
    {
        if (scope.DenyEntity(entityId) is { } denied)
        {
            return denied;
        }

        if (!AccountCode.TryParse(account, out var code) || scope.State.Definition.FindEntity(EntityId.From(entityId))!.Chart.Find(code) is null)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiErrorCodes.ValidationFailed, "'account' is an account code of this entity's chart, such as 1002.01.",
                new Dictionary<string, string[]> { ["account"] = ["'account' is an account code of this entity's chart."] });
        }

        if (!range.TryBounds(out var first, out var last))
        {
            return QueryValues.BadDate();
        }

        if (QueryValues.BadFormat(format) is { } bad)
        {
            return bad;
        }

        if (limit is < 1 or > MaxRegisterPage || (after is not null && !JournalCursor.TryParse(after, out _)))
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiErrorCodes.ValidationFailed, $"'limit' is 1 to {MaxRegisterPage}; 'after' is the cursor of a Link header.",
                new Dictionary<string, string[]> { [limit is < 1 or > MaxRegisterPage ? "limit" : "after"] = [$"'limit' is 1 to {MaxRegisterPage}; 'after' is the cursor of a Link header."] });
        }

        AccountRegister register;
        if (limit is null && after is null)
        {
            register = await AccountRegister.BuildAsync(scope.Store, scope.Id, EntityId.From(entityId), code, first, last, scope.RequestAborted);
        }
        else
        {
            // One page by date, then sequence, read as a page; a Link header names the next page while there is one.
            JournalCursor.TryParse(after, out var cursor);
            var page = await AccountRegister.BuildPageAsync(scope.Store, scope.Id, EntityId.From(entityId), code, first, last, cursor, limit ?? MaxRegisterPage, scope.RequestAborted);
            register = page.Register;
            if (page.Next is { } next)
            {
                var query = http.Request.Query.Where(q => q.Key is not ("after" or "limit")).Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}")
                    .Append($"limit={limit ?? MaxRegisterPage}").Append($"after={next}");
                http.Response.Headers.Append("Link", $"</ledgers/{scope.Id}/entities/{Uri.EscapeDataString(entityId)}/register?{string.Join('&', query)}>; rel=\"next\"");
            }
        }

        return format is null ? TypedResults.Ok(AccountRegisterDto.FromCore(register)) : await CsvAsync(w => CsvExports.WriteRegisterAsync(register, w), $"{entityId}-{code}-register.csv");
    }

    private static async Task<Results<Ok<FundStatementDto>, ProblemHttpResult>> FundStatementAsync(string entityId, [AsParameters] DateRangeQuery range, LedgerScope scope)
    {
        if ((EntityRange(scope, entityId, range, out var first, out var last) ?? NpoOnly(scope, entityId)) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(FundStatementDto.FromCore(await FundStatement.BuildAsync(scope.Store, scope.Id, EntityId.From(entityId), first, last, scope.RequestAborted)));
    }

    private static IResult JournalsCsv(string? entity, string? from, string? to, LedgerScope scope)
    {
        // A provider exports its own lines only; others may choose an entity or take all.
        var only = scope.Caller.Role == ApiRole.Provider ? scope.Caller.Entity : entity;
        if (only is not null && scope.DenyEntity(only) is { } denied)
        {
            return denied;
        }

        if (!QueryValues.TryDate(from, out var first) || !QueryValues.TryDate(to, out var last))
        {
            return QueryValues.BadDate();
        }

        return Results.Stream(
            async stream =>
            {
                await using var writer = new StreamWriter(stream, CsvExports.Encoding, 64 * 1024);
                await CsvExports.WriteJournalsAsync(scope.Store, scope.Id, writer, only is null ? null : EntityId.From(only), first, last, scope.RequestAborted);
            },
            "text/csv; charset=utf-8",
            $"{scope.Id}{(only is null ? string.Empty : "-" + only)}.csv");
    }

    private static async Task<Ok<IntegrityReportDto>> VerifyAsync(LedgerScope scope, ScanGate gate) =>
        TypedResults.Ok(IntegrityReportDto.FromCore(await gate.RunAsync(() => LedgerIntegrity.CheckAsync(scope.Store, scope.Id, scope.RequestAborted), scope.RequestAborted)));

    private static async Task<Ok<List<FairnessStreamDto>>> FairnessAsync(LedgerScope scope, CommunityEconomy economy) =>
        TypedResults.Ok((await economy.Totals.FairnessAsync(scope.Id, null, scope.RequestAborted)).Select(FairnessStreamDto.FromCore).ToList());

    private static async Task<Ok<List<ReconciliationDto>>> ReconciliationAsync(LedgerScope scope) =>
        TypedResults.Ok((await DistributionReports.ReconcileDueToDueFromAsync(scope.Store, scope.Id, null, scope.RequestAborted)).Select(ReconciliationDto.FromCore).ToList());

    private static async Task<Results<Ok<FundReceivablesReportDto>, FileContentHttpResult, ProblemHttpResult>> FundReceivablesAsync(
        string? provider, string? asOf, string? format, LedgerScope scope)
    {
        // A provider reads its own rows only; others may choose a provider or take all.
        var only = scope.Caller.Role == ApiRole.Provider ? scope.Caller.Entity : provider;
        if (provider is not null && scope.DenyEntity(provider) is { } denied)
        {
            return denied;
        }

        if (!QueryValues.TryDate(asOf, out var date))
        {
            return QueryValues.BadDate();
        }

        if (QueryValues.BadFormat(format) is { } bad)
        {
            return bad;
        }

        var day = date ?? scope.Today;
        var report = await FundReceivables.BuildAsync(scope.Store, scope.Id, day, only is null ? null : EntityId.From(only), scope.RequestAborted);
        return format is null
            ? TypedResults.Ok(FundReceivablesReportDto.FromCore(report))
            : await CsvAsync(w => FundReceivablesCsv.WriteAsync(report, w), $"{scope.Id}-fund-receivables-{day:yyyy-MM-dd}.csv");
    }

    private static async Task<Results<Ok<List<DistributionPeriodRowDto>>, ProblemHttpResult>> DistributionsByPeriodAsync(string? provider, LedgerScope scope, CommunityEconomy economy)
    {
        var only = scope.Caller.Role == ApiRole.Provider ? scope.Caller.Entity : provider;
        if (provider is not null && scope.DenyRead(provider) is { } denied)
        {
            return denied;
        }

        EntityId? filter = only is null ? null : EntityId.TryFrom(only, out var id) ? id : null;
        return TypedResults.Ok((await economy.Totals.ByPeriodAsync(scope.Id, filter, scope.RequestAborted)).Select(DistributionPeriodRowDto.FromCore).ToList());
    }

    /// <summary>The distributions dated in an optional window (<c>from</c>, <c>to</c>), a page at a time
    /// (<see cref="ListPage"/>: <c>limit</c>, <c>after</c> a distribution's journal id).</summary>
    private static async Task<Results<Ok<List<DistributionReportRowDto>>, ProblemHttpResult>> DistributionsAsync(
        string? provider, [AsParameters] DateRangeQuery range, int? limit, Guid? after, LedgerScope scope, CommunityEconomy economy, HttpContext http)
    {
        if (!QueryValues.TryDate(range.From, out var from) || !QueryValues.TryDate(range.To, out var to) || from > to)
        {
            return QueryValues.BadDate();
        }

        if (ListPage.BadLimit(limit) is { } refused)
        {
            return refused;
        }

        if (scope.Caller.Role == ApiRole.Provider)
        {
            if (provider is not null && scope.DenyRead(provider) is { } denied)
            {
                return denied;
            }

            provider = scope.Caller.Entity;
        }

        EntityId? filter = provider is null ? null : EntityId.TryFrom(provider, out var id) ? id : null;
        // One more row than the page, so the page knows whether there is a next; the rows start after the cursor.
        var rows = await economy.Totals.DistributionsPageAsync(scope.Id, filter, from, to, after is { } last ? new JournalId(last) : null,
            (limit ?? ListPage.MaxItems) + 1, scope.RequestAborted);
        return TypedResults.Ok(ListPage.Of(rows, limit, null, r => r.Distribution.Journal.ToString(), http).Select(DistributionReportRowDto.FromCore).ToList());
    }

    private static IResult Export(LedgerScope scope, string extension, Func<Storage.ILedgerStore, LedgerId, TextWriter, CancellationToken, Task> write) =>
        Results.Stream(
            async stream =>
            {
                await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 64 * 1024);
                await write(scope.Store, scope.Id, writer, scope.RequestAborted);
            },
            "text/plain; charset=utf-8",
            $"{scope.Id}.{extension}");

    /// <summary>An entity report as of a date: an entity the caller may read, and a valid optional date.</summary>
    internal static ProblemHttpResult? EntityAsOf(LedgerScope scope, string entityId, string? asOf, out LocalDate? date)
    {
        date = null;
        return scope.DenyEntity(entityId) ?? (QueryValues.TryDate(asOf, out date) ? null : QueryValues.BadDate());
    }

    /// <summary>An entity report over a date range: an entity the caller may read, 'from' and 'to' both given, in order.</summary>
    internal static ProblemHttpResult? EntityRange(LedgerScope scope, string entityId, DateRangeQuery range, out LocalDate first, out LocalDate last)
    {
        (first, last) = (default, default);
        return scope.DenyEntity(entityId) ?? (range.TryRange(out first, out last) ? null : QueryValues.BadDate());
    }

    internal static ProblemHttpResult? SmeOnly(LedgerScope scope, string entityId) =>
        scope.State.Definition.FindEntity(EntityId.From(entityId))!.Profile == Ledger.AccountingProfile.SmeCn
            ? null
            : ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, ApiErrorCodes.ReportProfileUnsupported, $"'{entityId}' does not keep 小企业 (SME_CN) books; these statements are for SME_CN entities.");

    internal static ProblemHttpResult? NpoOnly(LedgerScope scope, string entityId) =>
        scope.State.Definition.FindEntity(EntityId.From(entityId))!.Profile == Ledger.AccountingProfile.NpoCn
            ? null
            : ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, ApiErrorCodes.ReportProfileUnsupported, $"'{entityId}' does not keep 民非 (NPO_CN) books; these statements are for NPO_CN entities.");

    /// <summary>A small report as a CSV file: UTF-8 with a byte-order mark so Excel reads the Chinese names.</summary>
    internal static async Task<FileContentHttpResult> CsvAsync(Func<TextWriter, Task> write, string fileName)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new StreamWriter(buffer, CsvExports.Encoding, leaveOpen: true))
        {
            await write(writer);
        }

        return TypedResults.File(buffer.ToArray(), "text/csv; charset=utf-8", fileName);
    }
}
