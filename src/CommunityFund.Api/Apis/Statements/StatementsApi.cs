using CommunityFund.Api.Security;
using CommunityFund.Ledger;
using CommunityFund.Reports;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>The financial statements of an entity: 资产负债表 and 业务活动表 of a 民非, 资产负债表 and 利润表 of a small
/// enterprise. By default the account-per-line JSON and CSV they always had; <c>layout=prescribed</c> (and every
/// <c>format=xlsx</c> or <c>format=html</c>) gives the official form, row for row with its 行次 (ADR 0016).</summary>
public static class StatementsApi
{
    private const string Formats = "'format' is 'csv', 'xlsx' or 'html', or absent for JSON; 'layout' is 'prescribed' (the official form), or absent for one line per account.";

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapStatements(this RouteGroupBuilder group)
    {
        group.MapGet("/entities/{entityId}/statements/activities", ActivitiesAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("StatementOfActivities").WithTags("Reports")
            .WithSummary("业务活动表 of a 民非 entity for 'from'–'to', with unrestricted, restricted and total columns; 'layout=prescribed' for 会民非02表 (本月数 and 本年累计数 of the month of 'to'); 'format=csv', 'xlsx' or 'html'.");
        group.MapGet("/entities/{entityId}/statements/financial-position", FinancialPositionAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("StatementOfFinancialPosition").WithTags("Reports")
            .WithSummary("资产负债表 of a 民非 entity as of 'asOf'; 'layout=prescribed' for 会民非01表 (年初数 / 期末数); 'format=csv', 'xlsx' or 'html'.");
        group.MapGet("/entities/{entityId}/statements/income", IncomeAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("IncomeStatement").WithTags("Reports")
            .WithSummary("利润表 of a company-form (SME_CN) entity for 'from'–'to'; 'layout=prescribed' for 会小企02表 (本年累计金额 / 本月金额 of the month of 'to'); 'format=csv', 'xlsx' or 'html'.");
        group.MapGet("/entities/{entityId}/statements/balance-sheet", BalanceSheetAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("BalanceSheet").WithTags("Reports")
            .WithSummary("资产负债表 of a company-form (SME_CN) entity as of 'asOf'; 'layout=prescribed' for 会小企01表 (期末余额 / 年初余额); 'format=csv', 'xlsx' or 'html'.");
        return group;
    }

    private static async Task<Results<Ok<StatementOfActivitiesDto>, Ok<PrescribedStatementDto>, FileContentHttpResult, ContentHttpResult, ProblemHttpResult>> ActivitiesAsync(
        string entityId, [AsParameters] DateRangeQuery range, string? format, string? layout, LedgerScope scope)
    {
        if (BadFormat(format, layout, out var prescribed) is { } bad)
        {
            return bad;
        }

        if (prescribed)
        {
            return (PeriodEnd(scope, entityId, range, out var end) ?? ReportsApi.NpoOnly(scope, entityId)) is { } refusal
                ? refusal
                : await RespondAsync<StatementOfActivitiesDto>(scope, entityId, PrescribedForm.NpoActivities, end, format);
        }

        if ((ReportsApi.EntityRange(scope, entityId, range, out var first, out var last) ?? ReportsApi.NpoOnly(scope, entityId)) is { } refused)
        {
            return refused;
        }

        var statement = await StatementOfActivities.BuildAsync(scope.Store, scope.Id, EntityId.From(entityId), first, last, scope.RequestAborted);
        return format is null
            ? TypedResults.Ok(StatementOfActivitiesDto.FromCore(statement))
            : await ReportsApi.CsvAsync(w => CsvExports.WriteStatementAsync(
                [("revenue", statement.Revenues.Append(statement.TotalRevenue)), ("expenses", statement.Expenses.Append(statement.TotalExpenses)),
                 ("released", [new StatementLine(string.Empty, "限定性净资产转为非限定性净资产", "Released from restriction", statement.ReleasedFromRestriction, -statement.ReleasedFromRestriction)]),
                 ("change", [statement.ChangeInNetAssets])], w), $"{entityId}-activities.csv");
    }

    private static async Task<Results<Ok<StatementOfFinancialPositionDto>, Ok<PrescribedStatementDto>, FileContentHttpResult, ContentHttpResult, ProblemHttpResult>> FinancialPositionAsync(
        string entityId, string? asOf, string? format, string? layout, LedgerScope scope)
    {
        var badFormat = BadFormat(format, layout, out var prescribed);
        if ((ReportsApi.EntityAsOf(scope, entityId, asOf, out var date) ?? badFormat ?? (date is null ? QueryValues.BadDate() : null)
             ?? ReportsApi.NpoOnly(scope, entityId)) is { } refused)
        {
            return refused;
        }

        if (prescribed)
        {
            return await RespondAsync<StatementOfFinancialPositionDto>(scope, entityId, PrescribedForm.NpoBalanceSheet, date!.Value, format);
        }

        var position = await StatementOfFinancialPosition.BuildAsync(scope.Store, scope.Id, EntityId.From(entityId), date!.Value, scope.RequestAborted);
        var zero = Money.Zero(Currency.CNY);
        return format is null
            ? TypedResults.Ok(StatementOfFinancialPositionDto.FromCore(position))
            : await ReportsApi.CsvAsync(w => CsvExports.WriteStatementAsync(
                [("assets", position.Assets.Append(new StatementLine(string.Empty, "资产总计", "Total assets", position.TotalAssets, zero))),
                 ("liabilities", position.Liabilities.Append(new StatementLine(string.Empty, "负债合计", "Total liabilities", position.TotalLiabilities, zero))),
                 ("net assets", [new StatementLine("3101", "非限定性净资产", "Unrestricted net assets", position.UnrestrictedNetAssets, zero),
                                 new StatementLine("3102", "限定性净资产", "Restricted net assets", zero, position.RestrictedNetAssets)])], w), $"{entityId}-financial-position.csv");
    }

    private static async Task<Results<Ok<IncomeStatementDto>, Ok<PrescribedStatementDto>, FileContentHttpResult, ContentHttpResult, ProblemHttpResult>> IncomeAsync(
        string entityId, [AsParameters] DateRangeQuery range, string? format, string? layout, LedgerScope scope)
    {
        if (BadFormat(format, layout, out var prescribed) is { } bad)
        {
            return bad;
        }

        if (prescribed)
        {
            return (PeriodEnd(scope, entityId, range, out var end) ?? ReportsApi.SmeOnly(scope, entityId)) is { } refusal
                ? refusal
                : await RespondAsync<IncomeStatementDto>(scope, entityId, PrescribedForm.SmeIncome, end, format);
        }

        if ((ReportsApi.EntityRange(scope, entityId, range, out var first, out var last) ?? ReportsApi.SmeOnly(scope, entityId)) is { } refused)
        {
            return refused;
        }

        var income = await IncomeStatement.BuildAsync(scope.Store, scope.Id, EntityId.From(entityId), first, last, scope.RequestAborted);
        return format is null
            ? TypedResults.Ok(IncomeStatementDto.FromCore(income))
            : await ReportsApi.CsvAsync(w => CsvExports.WriteAmountsAsync(
                [("accounts", income.Lines),
                 ("totals", [new AmountLine(string.Empty, "营业收入", "Operating revenue", income.OperatingRevenue), new AmountLine(string.Empty, "营业利润", "Operating profit", income.OperatingProfit),
                             new AmountLine(string.Empty, "利润总额", "Total profit", income.TotalProfit), new AmountLine(string.Empty, "净利润", "Net profit", income.NetProfit)])], w), $"{entityId}-income.csv");
    }

    private static async Task<Results<Ok<BalanceSheetDto>, Ok<PrescribedStatementDto>, FileContentHttpResult, ContentHttpResult, ProblemHttpResult>> BalanceSheetAsync(
        string entityId, string? asOf, string? format, string? layout, LedgerScope scope)
    {
        var badFormat = BadFormat(format, layout, out var prescribed);
        if ((ReportsApi.EntityAsOf(scope, entityId, asOf, out var date) ?? badFormat ?? (date is null ? QueryValues.BadDate() : null)
             ?? ReportsApi.SmeOnly(scope, entityId)) is { } refused)
        {
            return refused;
        }

        if (prescribed)
        {
            return await RespondAsync<BalanceSheetDto>(scope, entityId, PrescribedForm.SmeBalanceSheet, date!.Value, format);
        }

        var sheet = await BalanceSheet.BuildAsync(scope.Store, scope.Id, EntityId.From(entityId), date!.Value, scope.RequestAborted);
        return format is null
            ? TypedResults.Ok(BalanceSheetDto.FromCore(sheet))
            : await ReportsApi.CsvAsync(w => CsvExports.WriteAmountsAsync(
                [("assets", sheet.Assets.Append(new AmountLine(string.Empty, "资产总计", "Total assets", sheet.TotalAssets))),
                 ("liabilities", sheet.Liabilities.Append(new AmountLine(string.Empty, "负债合计", "Total liabilities", sheet.TotalLiabilities))),
                 ("equity", sheet.Equity.Append(new AmountLine(string.Empty, "未结转利润", "Profit not yet closed", sheet.UnclosedProfit))
                     .Append(new AmountLine(string.Empty, "所有者权益合计", "Total equity", sheet.TotalEquity)))], w), $"{entityId}-balance-sheet.csv");
    }

    /// <summary>The prescribed form in the asked format: JSON, CSV (UTF-8 with BOM), XLSX or HTML.</summary>
    private static async Task<Results<Ok<T>, Ok<PrescribedStatementDto>, FileContentHttpResult, ContentHttpResult, ProblemHttpResult>> RespondAsync<T>(
        LedgerScope scope, string entityId, PrescribedForm form, LocalDate date, string? format)
    {
        var statement = await PrescribedStatements.BuildAsync(scope.Store, scope.Id, EntityId.From(entityId), form, date, scope.RequestAborted);
        var name = $"{entityId}-{statement.Layout.Code}-{date:uuuu-MM-dd}";
        if (format == "csv")
        {
            return await ReportsApi.CsvAsync(w => PrescribedStatementCsv.WriteAsync(statement, w), $"{name}.csv");
        }

        if (format == "xlsx")
        {
            return TypedResults.File(StatementWorkbook.Write(statement), StatementWorkbook.ContentType, $"{name}.xlsx");
        }

        return format == "html"
            ? TypedResults.Content(StatementHtml.Render(statement), "text/html; charset=utf-8")
            : TypedResults.Ok(PrescribedStatementDto.FromCore(statement));
    }

    /// <summary>The 400 for an unknown format or layout; XLSX and HTML are always the prescribed form.</summary>
    private static ProblemHttpResult? BadFormat(string? format, string? layout, out bool prescribed)
    {
        prescribed = layout == "prescribed" || format is "xlsx" or "html";
        return format is null or "csv" or "xlsx" or "html" && layout is null or "prescribed" or "accounts"
            ? null
            : ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiErrorCodes.ValidationFailed, Formats,
                new Dictionary<string, string[]> { [format is null or "csv" or "xlsx" or "html" ? "layout" : "format"] = [Formats] });
    }

    /// <summary>A period statement's date: 'to' (required; 'from', if given, a date on or before it), the entity readable.</summary>
    private static ProblemHttpResult? PeriodEnd(LedgerScope scope, string entityId, DateRangeQuery range, out LocalDate end)
    {
        end = default;
        if (scope.DenyEntity(entityId) is { } denied)
        {
            return denied;
        }

        if (!range.TryBounds(out var first, out var last) || last is null || first > last)
        {
            return QueryValues.BadDate();
        }

        end = last.Value;
        return null;
    }
}
