using System.Collections.Immutable;
using System.Security.Claims;
using CommunityFund.Api.Security;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using NodaTime.Text;

namespace CommunityFund.Api.Apis;

/// <summary>Balances, trial balances, the integrity check and the distribution reports.</summary>
public static class ReportsApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapReports(this RouteGroupBuilder group)
    {
        group.MapGet("/entities/{entityId}/balances", BalancesAsync).RequireAuthorization(Policies.Read)
            .WithName("Balances").WithSummary("An entity's account balances, as of a date ('asOf', optional).").WithTags("Reports");
        group.MapGet("/entities/{entityId}/trial-balance", TrialBalanceAsync).RequireAuthorization(Policies.Read)
            .WithName("TrialBalance").WithSummary("An entity's trial balance per unit, as of a date ('asOf', optional); 'format=csv' for a spreadsheet.").WithTags("Reports");
        group.MapGet("/entities/{entityId}/register", RegisterAsync).RequireAuthorization(Policies.Read)
            .WithName("AccountRegister").WithSummary("An account's register (明细账) with running balances: 'account', optional 'from' and 'to'; 'format=csv' for a spreadsheet.").WithTags("Reports");
        group.MapGet("/entities/{entityId}/statements/activities", ActivitiesAsync).RequireAuthorization(Policies.Read)
            .WithName("StatementOfActivities").WithSummary("业务活动表 of a 民非 entity for 'from'–'to', with unrestricted, restricted and total columns; 'format=csv' for a spreadsheet.").WithTags("Reports");
        group.MapGet("/entities/{entityId}/statements/financial-position", FinancialPositionAsync).RequireAuthorization(Policies.Read)
            .WithName("StatementOfFinancialPosition").WithSummary("资产负债表 of a 民非 entity as of 'asOf'; 'format=csv' for a spreadsheet.").WithTags("Reports");
        group.MapGet("/entities/{entityId}/statements/income", IncomeAsync).RequireAuthorization(Policies.Read)
            .WithName("IncomeStatement").WithSummary("利润表 of a company-form (SME_CN) entity for 'from'–'to'.").WithTags("Reports");
        group.MapGet("/entities/{entityId}/statements/balance-sheet", BalanceSheetAsync).RequireAuthorization(Policies.Read)
            .WithName("BalanceSheet").WithSummary("资产负债表 of a company-form (SME_CN) entity as of 'asOf'.").WithTags("Reports");
        group.MapGet("/entities/{entityId}/statements/fund", FundStatementAsync).RequireAuthorization(Policies.Read)
            .WithName("FundStatement").WithSummary("The community-fund statement for 'from'–'to': inflows by source, grants, releases, restricted balances.").WithTags("Reports");
        group.MapGet("/exports/csv", (string ledgerId, string? entity, ClaimsPrincipal user, ILedgerStore store, CancellationToken ct) => JournalsCsvAsync(ledgerId, entity, user, store, ct))
            .RequireAuthorization(Policies.Read).WithName("ExportCsv")
            .WithSummary("Every journal line as CSV (UTF-8 with BOM, Chinese and English names; streamed); a provider gets its own entity's lines.").WithTags("Reports");
        group.MapGet("/verification", VerifyAsync).RequireAuthorization(Policies.Audit)
            .WithName("VerifyLedger").WithSummary("Integrity check: hash chain verified and maintained balances rebuilt from the journals.").WithTags("Audit");
        group.MapGet("/reports/fairness", FairnessAsync).RequireAuthorization(Policies.Audit)
            .WithName("FairnessReport").WithSummary("Each party's cumulative share against its exact entitlement, per provider and policy version.").WithTags("Audit");
        group.MapGet("/reports/reconciliation", ReconciliationAsync).RequireAuthorization(Policies.Audit)
            .WithName("ReconciliationReport").WithSummary("Providers' due-to-hub against the hub's due-from-provider.").WithTags("Audit");
        group.MapGet("/reports/fund-receivables", FundReceivablesAsync).RequireAuthorization(Policies.Read)
            .WithName("FundReceivables")
            .WithSummary("What providers owe the community fund and it has not received, per provider and month, aged 0–30, 31–90 and over 90 days from the month's end, as of 'asOf' (default today); each provider's total against its payable in its books. A provider sees its own rows; 'format=csv' for a spreadsheet.")
            .WithTags("Reports");
        group.MapGet("/exports/hledger", (string ledgerId, ClaimsPrincipal user, ILedgerStore store, HttpContext http, CancellationToken ct) =>
                ExportAsync(ledgerId, user, store, http, "journal", PlainTextExports.WriteHledgerAsync, ct))
            .RequireAuthorization(Policies.Audit).WithName("ExportHledger")
            .WithSummary("The whole ledger as an hledger journal (streamed), to recheck with hledger.").WithTags("Audit");
        group.MapGet("/exports/beancount", (string ledgerId, ClaimsPrincipal user, ILedgerStore store, HttpContext http, CancellationToken ct) =>
                ExportAsync(ledgerId, user, store, http, "beancount", PlainTextExports.WriteBeancountAsync, ct))
            .RequireAuthorization(Policies.Audit).WithName("ExportBeancount")
            .WithSummary("The whole ledger in Beancount format (streamed), to recheck with bean-check.").WithTags("Audit");
        group.MapGet("/reports/distributions/by-period", DistributionsByPeriodAsync).RequireAuthorization(Policies.Read)
            .WithName("DistributionsByPeriod").WithSummary("Distributions per provider, month and policy version: base, each party's share, refunds reversed.").WithTags("Reports");
        group.MapGet("/reports/distributions", DistributionsAsync).RequireAuthorization(Policies.Read)
            .WithName("DistributionReport").WithSummary("Every distribution with its policy, rounding rule, settlement status and refunds.").WithTags("Reports");
        return group;
    }

    private static async Task<Results<Ok<IReadOnlyList<AccountBalance>>, ProblemHttpResult>> BalancesAsync(string ledgerId, string entityId, string? asOf, ClaimsPrincipal user, ILedgerStore store, CancellationToken ct)
    {
        var (scope, date, problem) = await EntityAsOfAsync(ledgerId, entityId, asOf, user, store, ct);
        return scope is null ? problem! : TypedResults.Ok(await store.GetBalancesAsync(scope.Id, EntityId.From(entityId), date, ct));
    }

    private static async Task<Results<Ok<TrialBalance>, FileContentHttpResult, ProblemHttpResult>> TrialBalanceAsync(
        string ledgerId, string entityId, string? asOf, string? format, ClaimsPrincipal user, ILedgerStore store, CancellationToken ct)
    {
        var (scope, date, problem) = await EntityAsOfAsync(ledgerId, entityId, asOf, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        if (BadFormat(format) is { } bad)
        {
            return bad;
        }

        var report = await TrialBalance.BuildAsync(store, scope.Id, EntityId.From(entityId), date, ct);
        return format is null ? TypedResults.Ok(report) : await CsvAsync(w => CsvExports.WriteTrialBalanceAsync(report, w), $"{entityId}-trial-balance.csv");
    }

    private static async Task<Results<Ok<AccountRegister>, FileContentHttpResult, ProblemHttpResult>> RegisterAsync(
        string ledgerId, string entityId, string? account, string? from, string? to, string? format, ClaimsPrincipal user, ILedgerStore store, CancellationToken ct)
    {
        var (scope, _, problem) = await EntityAsOfAsync(ledgerId, entityId, null, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        if (!AccountCode.TryParse(account, out var code) || scope.State.Definition.FindEntity(EntityId.From(entityId))!.Chart.Find(code) is null)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "validation.failed", "'account' is an account code of this entity's chart, such as 1002.01.",
                new Dictionary<string, string[]> { ["account"] = ["'account' is an account code of this entity's chart."] });
        }

        if (!TryDate(from, out var first) || !TryDate(to, out var last))
        {
            return BadDate();
        }

        if (BadFormat(format) is { } bad)
        {
            return bad;
        }

        var register = await AccountRegister.BuildAsync(store, scope.Id, EntityId.From(entityId), code, first, last, ct);
        return format is null ? TypedResults.Ok(register) : await CsvAsync(w => CsvExports.WriteRegisterAsync(register, w), $"{entityId}-{code}-register.csv");
    }

    private static async Task<Results<Ok<StatementOfActivities>, FileContentHttpResult, ProblemHttpResult>> ActivitiesAsync(
        string ledgerId, string entityId, string? from, string? to, string? format, ClaimsPrincipal user, ILedgerStore store, CancellationToken ct)
    {
        var (scope, range, problem) = await EntityRangeAsync(ledgerId, entityId, from, to, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var (first, last) = range;

        if ((NpoOnly(scope, entityId) ?? BadFormat(format)) is { } refused)
        {
            return refused;
        }

        var statement = await StatementOfActivities.BuildAsync(store, scope.Id, EntityId.From(entityId), first, last, ct);
        return format is null
            ? TypedResults.Ok(statement)
            : await CsvAsync(w => CsvExports.WriteStatementAsync(
                [("revenue", statement.Revenues.Append(statement.TotalRevenue)), ("expenses", statement.Expenses.Append(statement.TotalExpenses)),
                 ("released", [new StatementLine(string.Empty, "限定性净资产转为非限定性净资产", "Released from restriction", statement.ReleasedFromRestriction, -statement.ReleasedFromRestriction)]),
                 ("change", [statement.ChangeInNetAssets])], w), $"{entityId}-activities.csv");
    }

    private static async Task<Results<Ok<StatementOfFinancialPosition>, FileContentHttpResult, ProblemHttpResult>> FinancialPositionAsync(
        string ledgerId, string entityId, string? asOf, string? format, ClaimsPrincipal user, ILedgerStore store, CancellationToken ct)
    {
        var (scope, date, problem) = await EntityAsOfAsync(ledgerId, entityId, asOf, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        if (date is null)
        {
            return BadDate();
        }

        if ((NpoOnly(scope, entityId) ?? BadFormat(format)) is { } refused)
        {
            return refused;
        }

        var position = await StatementOfFinancialPosition.BuildAsync(store, scope.Id, EntityId.From(entityId), date.Value, ct);
        var zero = Money.Zero(Currency.CNY);
        return format is null
            ? TypedResults.Ok(position)
            : await CsvAsync(w => CsvExports.WriteStatementAsync(
                [("assets", position.Assets.Append(new StatementLine(string.Empty, "资产总计", "Total assets", position.TotalAssets, zero))),
                 ("liabilities", position.Liabilities.Append(new StatementLine(string.Empty, "负债合计", "Total liabilities", position.TotalLiabilities, zero))),
                 ("net assets", [new StatementLine("3101", "非限定性净资产", "Unrestricted net assets", position.UnrestrictedNetAssets, zero),
                                 new StatementLine("3102", "限定性净资产", "Restricted net assets", zero, position.RestrictedNetAssets)])], w), $"{entityId}-financial-position.csv");
    }

    private static async Task<Results<Ok<IncomeStatement>, FileContentHttpResult, ProblemHttpResult>> IncomeAsync(
        string ledgerId, string entityId, string? from, string? to, string? format, ClaimsPrincipal user, ILedgerStore store, CancellationToken ct)
    {
        var (scope, range, problem) = await EntityRangeAsync(ledgerId, entityId, from, to, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var (first, last) = range;

        if ((SmeOnly(scope, entityId) ?? BadFormat(format)) is { } refused)
        {
            return refused;
        }

        var income = await IncomeStatement.BuildAsync(store, scope.Id, EntityId.From(entityId), first, last, ct);
        return format is null
            ? TypedResults.Ok(income)
            : await CsvAsync(w => CsvExports.WriteAmountsAsync(
                [("accounts", income.Lines),
                 ("totals", [new AmountLine(string.Empty, "营业收入", "Operating revenue", income.OperatingRevenue), new AmountLine(string.Empty, "营业利润", "Operating profit", income.OperatingProfit),
                             new AmountLine(string.Empty, "利润总额", "Total profit", income.TotalProfit), new AmountLine(string.Empty, "净利润", "Net profit", income.NetProfit)])], w), $"{entityId}-income.csv");
    }

    private static async Task<Results<Ok<BalanceSheet>, FileContentHttpResult, ProblemHttpResult>> BalanceSheetAsync(
        string ledgerId, string entityId, string? asOf, string? format, ClaimsPrincipal user, ILedgerStore store, CancellationToken ct)
    {
        var (scope, date, problem) = await EntityAsOfAsync(ledgerId, entityId, asOf, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        if (date is null)
        {
            return BadDate();
        }

        if ((SmeOnly(scope, entityId) ?? BadFormat(format)) is { } refused)
        {
            return refused;
        }

        var sheet = await BalanceSheet.BuildAsync(store, scope.Id, EntityId.From(entityId), date.Value, ct);
        return format is null
            ? TypedResults.Ok(sheet)
            : await CsvAsync(w => CsvExports.WriteAmountsAsync(
                [("assets", sheet.Assets.Append(new AmountLine(string.Empty, "资产总计", "Total assets", sheet.TotalAssets))),
                 ("liabilities", sheet.Liabilities.Append(new AmountLine(string.Empty, "负债合计", "Total liabilities", sheet.TotalLiabilities))),
                 ("equity", sheet.Equity.Append(new AmountLine(string.Empty, "未结转利润", "Profit not yet closed", sheet.UnclosedProfit))
                     .Append(new AmountLine(string.Empty, "所有者权益合计", "Total equity", sheet.TotalEquity)))], w), $"{entityId}-balance-sheet.csv");
    }

    private static async Task<Results<Ok<FundStatement>, ProblemHttpResult>> FundStatementAsync(
        string ledgerId, string entityId, string? from, string? to, ClaimsPrincipal user, ILedgerStore store, CancellationToken ct)
    {
        var (scope, range, problem) = await EntityRangeAsync(ledgerId, entityId, from, to, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var (first, last) = range;

        return NpoOnly(scope, entityId) ?? (Results<Ok<FundStatement>, ProblemHttpResult>)TypedResults.Ok(
            await FundStatement.BuildAsync(store, scope.Id, EntityId.From(entityId), first, last, ct));
    }

    private static async Task<IResult> JournalsCsvAsync(string ledgerId, string? entity, ClaimsPrincipal user, ILedgerStore store, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        // A provider exports its own lines only; others may choose an entity or take all.
        var only = scope.Caller.Role == ApiRole.Provider ? scope.Caller.Entity : entity;
        if (only is not null && Entity(scope, only) is { } denied)
        {
            return denied;
        }

        return Results.Stream(
            async stream =>
            {
                await using var writer = new StreamWriter(stream, CsvExports.Encoding, 64 * 1024);
                await CsvExports.WriteJournalsAsync(store, scope.Id, writer, only is null ? null : EntityId.From(only), ct);
            },
            "text/csv; charset=utf-8",
            $"{ledgerId}{(only is null ? string.Empty : "-" + only)}.csv");
    }

    private static ProblemHttpResult? SmeOnly(Scope scope, string entityId) =>
        scope.State.Definition.FindEntity(EntityId.From(entityId))!.Profile == AccountingProfile.SmeCn
            ? null
            : ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "report.profile_unsupported", $"'{entityId}' does not keep 小企业 (SME_CN) books; these statements are for SME_CN entities.");

    private static ProblemHttpResult? BadFormat(string? format) =>
        format is null or "csv"
            ? null
            : ApiProblems.Problem(StatusCodes.Status400BadRequest, "validation.failed", "'format' is 'csv', or absent for JSON.",
                new Dictionary<string, string[]> { ["format"] = ["'format' is 'csv', or absent for JSON."] });

    /// <summary>A small report as a CSV file: UTF-8 with a byte-order mark so Excel reads the Chinese names.</summary>
    private static async Task<FileContentHttpResult> CsvAsync(Func<TextWriter, Task> write, string fileName)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new StreamWriter(buffer, CsvExports.Encoding, leaveOpen: true))
        {
            await write(writer);
        }

        return TypedResults.File(buffer.ToArray(), "text/csv; charset=utf-8", fileName);
    }

    private static ProblemHttpResult? NpoOnly(Scope scope, string entityId) =>
        scope.State.Definition.FindEntity(EntityId.From(entityId))!.Profile == AccountingProfile.NpoCn
            ? null
            : ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "report.profile_unsupported", $"'{entityId}' does not keep 民非 (NPO_CN) books; these statements are for NPO_CN entities.");

    /// <summary>The scope of an entity report over a date range: 'from' and 'to' both given, in order.</summary>
    private static async Task<(Scope? Scope, (LocalDate From, LocalDate To) Range, ProblemHttpResult? Problem)> EntityRangeAsync(
        string ledgerId, string entityId, string? from, string? to, ClaimsPrincipal user, ILedgerStore store, CancellationToken ct)
    {
        var (scope, _, problem) = await EntityAsOfAsync(ledgerId, entityId, null, user, store, ct);
        if (scope is null)
        {
            return (null, default, problem);
        }

        return TryDate(from, out var first) && TryDate(to, out var last) && first is { } f && last is { } l && f <= l
            ? (scope, (f, l), null)
            : (null, default, BadDate());
    }

    /// <summary>The scope of an entity report: the caller's ledger, an entity it may read, and a valid optional date.</summary>
    private static async Task<(Scope? Scope, LocalDate? AsOf, ProblemHttpResult? Problem)> EntityAsOfAsync(
        string ledgerId, string entityId, string? asOf, ClaimsPrincipal user, ILedgerStore store, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return (null, null, problem);
        }

        if (Entity(scope, entityId) is { } error)
        {
            return (null, null, error);
        }

        return TryDate(asOf, out var date) ? (scope, date, null) : (null, null, BadDate());
    }

    private static async Task<Results<Ok<IntegrityReport>, ProblemHttpResult>> VerifyAsync(string ledgerId, ClaimsPrincipal user, ILedgerStore store, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        return scope is null ? problem! : TypedResults.Ok(await LedgerIntegrity.CheckAsync(store, scope.Id, ct));
    }

    private static async Task<Results<Ok<ImmutableArray<FairnessStream>>, ProblemHttpResult>> FairnessAsync(string ledgerId, ClaimsPrincipal user, ILedgerStore store, CommunityEconomy economy, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        return scope is null ? problem! : TypedResults.Ok(await DistributionReports.FairnessAsync(economy.Records, scope.Id, null, ct));
    }

    private static async Task<Results<Ok<ImmutableArray<Reconciliation>>, ProblemHttpResult>> ReconciliationAsync(string ledgerId, ClaimsPrincipal user, ILedgerStore store, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        return scope is null ? problem! : TypedResults.Ok(await DistributionReports.ReconcileDueToDueFromAsync(store, scope.Id, null, ct));
    }

    private static async Task<Results<Ok<FundReceivablesReport>, FileContentHttpResult, ProblemHttpResult>> FundReceivablesAsync(
        string ledgerId, string? provider, string? asOf, string? format, ClaimsPrincipal user, ILedgerStore store, CommunityEconomy economy, IClock clock, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        // A provider reads its own rows only; others may choose a provider or take all.
        var only = scope.Caller.Role == ApiRole.Provider ? scope.Caller.Entity : provider;
        if (provider is not null && Entity(scope, provider) is { } denied)
        {
            return denied;
        }

        if (!TryDate(asOf, out var date))
        {
            return BadDate();
        }

        if (BadFormat(format) is { } bad)
        {
            return bad;
        }

        var day = date ?? clock.GetCurrentInstant().InZone(scope.State.Definition.TimeZone).Date;
        var report = await FundReceivables.BuildAsync(store, economy.Records, scope.Id, day, only is null ? null : EntityId.From(only), ct);
        return format is null ? TypedResults.Ok(report) : await CsvAsync(w => FundReceivablesCsv.WriteAsync(report, w), $"{ledgerId}-fund-receivables-{day:yyyy-MM-dd}.csv");
    }

    private static async Task<Results<Ok<ImmutableArray<DistributionPeriodRow>>, ProblemHttpResult>> DistributionsByPeriodAsync(
        string ledgerId, string? provider, ClaimsPrincipal user, ILedgerStore store, CommunityEconomy economy, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var only = scope.Caller.Role == ApiRole.Provider ? scope.Caller.Entity : provider;
        if (provider is not null && scope.DenyRead(provider) is { } denied)
        {
            return denied;
        }

        EntityId? filter = only is null ? null : EntityId.TryFrom(only, out var id) ? id : null;
        return TypedResults.Ok(await DistributionReports.ByPeriodAsync(economy.Records, scope.Id, filter, ct));
    }

    private static async Task<Results<Ok<ImmutableArray<DistributionReportRow>>, ProblemHttpResult>> DistributionsAsync(string ledgerId, string? provider, ClaimsPrincipal user, ILedgerStore store, CommunityEconomy economy, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
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
        return TypedResults.Ok(await DistributionReports.DistributionsAsync(economy.Records, scope.Id, filter, null, null, ct));
    }

    private static async Task<IResult> ExportAsync(
        string ledgerId, ClaimsPrincipal user, ILedgerStore store, HttpContext http, string extension,
        Func<ILedgerStore, LedgerId, TextWriter, CancellationToken, Task> write, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        return Results.Stream(
            async stream =>
            {
                await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 64 * 1024);
                await write(store, scope.Id, writer, ct);
            },
            "text/plain; charset=utf-8",
            $"{ledgerId}.{extension}");
    }

    internal static ProblemHttpResult? Entity(Scope scope, string entityId)
    {
        if (!EntityId.TryFrom(entityId, out var id) || scope.State.Definition.FindEntity(id) is null)
        {
            return ApiProblems.NotFound("entity.not_found", $"No entity '{entityId}' in this ledger.");
        }

        return scope.DenyRead(entityId);
    }

    internal static bool TryDate(string? text, out LocalDate? date)
    {
        date = null;
        if (text is null)
        {
            return true;
        }

        var parsed = LocalDatePattern.Iso.Parse(text);
        date = parsed.Success ? parsed.Value : null;
        return parsed.Success;
    }

    internal static ProblemHttpResult BadDate() =>
        ApiProblems.Problem(StatusCodes.Status400BadRequest, "validation.failed", "Dates are given as yyyy-MM-dd ('asOf', or 'from' on or before 'to').",
            new Dictionary<string, string[]> { ["date"] = ["Dates are given as yyyy-MM-dd ('asOf', or 'from' on or before 'to')."] });
}
