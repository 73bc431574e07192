using CommunityFund.Api.Security;
using CommunityFund.Ledger;
using CommunityFund.Reports;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>The financial statements of an entity: 资产负债表, 业务活动表 and 现金流量表 of a 民非, 资产负债表, 利润表 and
/// 现金流量表 of a small enterprise. Each as it always was, one line per account (JSON or CSV), and under <c>…/prescribed</c> as the official
/// form, row for row with its 行次 (JSON, CSV, XLSX or HTML; ADR 0016).</summary>
public static class StatementsApi
{
    private const string Formats = "'format' is 'csv', 'xlsx' or 'html', or absent for JSON.";

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapStatements(this RouteGroupBuilder group)
    {
        group.MapGet("/entities/{entityId}/statements/activities", ActivitiesAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("StatementOfActivities").WithTags("Reports")
            .WithSummary("业务活动表 of a 民非 entity for 'from'–'to', one line per account, with unrestricted, restricted and total columns; 'format=csv' for a spreadsheet.");
        group.MapGet("/entities/{entityId}/statements/financial-position", FinancialPositionAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("StatementOfFinancialPosition").WithTags("Reports")
            .WithSummary("资产负债表 of a 民非 entity as of 'asOf', one line per account; 'format=csv' for a spreadsheet.");
        group.MapGet("/entities/{entityId}/statements/income", IncomeAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("IncomeStatement").WithTags("Reports")
            .WithSummary("利润表 of a company-form (SME_CN) entity for 'from'–'to', one line per account; 'format=csv' for a spreadsheet.");
        group.MapGet("/entities/{entityId}/statements/balance-sheet", BalanceSheetAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("BalanceSheet").WithTags("Reports")
            .WithSummary("资产负债表 of a company-form (SME_CN) entity as of 'asOf', one line per account; 'format=csv' for a spreadsheet.");
        Prescribed(group.MapGet("/entities/{entityId}/statements/activities/prescribed",
                (string entityId, [AsParameters] DateRangeQuery range, string? format, LedgerScope scope) => PeriodFormAsync(entityId, range, format, scope, PrescribedForm.NpoActivities, npo: true)),
            "PrescribedStatementOfActivities", "会民非02表 业务活动表 of a 民非 entity, row for row with its 行次: 本月数 and 本年累计数 of the month of 'to', each unrestricted, restricted and total.");
        Prescribed(group.MapGet("/entities/{entityId}/statements/financial-position/prescribed",
                (string entityId, string? asOf, string? format, LedgerScope scope) => PositionFormAsync(entityId, asOf, format, scope, PrescribedForm.NpoBalanceSheet, npo: true)),
            "PrescribedStatementOfFinancialPosition", "会民非01表 资产负债表 of a 民非 entity as of 'asOf', row for row with its 行次: 年初数 and 期末数.");
        Prescribed(group.MapGet("/entities/{entityId}/statements/income/prescribed",
                (string entityId, [AsParameters] DateRangeQuery range, string? format, LedgerScope scope) => PeriodFormAsync(entityId, range, format, scope, PrescribedForm.SmeIncome, npo: false)),
            "PrescribedIncomeStatement", "会小企02表 利润表 of a company-form entity, row for row with its 行次: 本年累计金额 and 本月金额 of the month of 'to'.");
        Prescribed(group.MapGet("/entities/{entityId}/statements/balance-sheet/prescribed",
                (string entityId, string? asOf, string? format, LedgerScope scope) => PositionFormAsync(entityId, asOf, format, scope, PrescribedForm.SmeBalanceSheet, npo: false)),
            "PrescribedBalanceSheet", "会小企01表 资产负债表 of a company-form entity as of 'asOf', row for row with its 行次: 期末余额 and 年初余额.");
        Prescribed(group.MapGet("/entities/{entityId}/statements/cash-flow/prescribed",
                (string entityId, [AsParameters] DateRangeQuery range, string? format, LedgerScope scope) => CashFlowFormAsync(entityId, range, format, scope)),
            "PrescribedCashFlowStatement", "现金流量表 of an entity, row for row with its 行次, from the cash-flow item each cash movement was recorded with: " +
            "会民非03表 (金额, the year to the end of the month of 'to') for a 民非 entity, 会小企03表 (本年累计金额 and 本月金额) for a company-form entity; " +
            "cash moved without an item is shown on its own row, outside the form.");
        return group;
    }

    private static async Task<Results<Ok<StatementOfActivitiesDto>, FileContentHttpResult, ProblemHttpResult>> ActivitiesAsync(
        string entityId, [AsParameters] DateRangeQuery range, string? format, LedgerScope scope)
    {
        if (QueryValues.BadFormat(format) is { } bad)
        {
            return bad;
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

    private static async Task<Results<Ok<StatementOfFinancialPositionDto>, FileContentHttpResult, ProblemHttpResult>> FinancialPositionAsync(
        string entityId, string? asOf, string? format, LedgerScope scope)
    {
        if ((ReportsApi.EntityAsOf(scope, entityId, asOf, out var date) ?? QueryValues.BadFormat(format) ?? (date is null ? QueryValues.BadDate() : null)
             ?? ReportsApi.NpoOnly(scope, entityId)) is { } refused)
        {
            return refused;
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

    private static async Task<Results<Ok<IncomeStatementDto>, FileContentHttpResult, ProblemHttpResult>> IncomeAsync(
        string entityId, [AsParameters] DateRangeQuery range, string? format, LedgerScope scope)
    {
        if (QueryValues.BadFormat(format) is { } bad)
        {
            return bad;
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

    private static async Task<Results<Ok<BalanceSheetDto>, FileContentHttpResult, ProblemHttpResult>> BalanceSheetAsync(
        string entityId, string? asOf, string? format, LedgerScope scope)
    {
        if ((ReportsApi.EntityAsOf(scope, entityId, asOf, out var date) ?? QueryValues.BadFormat(format) ?? (date is null ? QueryValues.BadDate() : null)
             ?? ReportsApi.SmeOnly(scope, entityId)) is { } refused)
        {
            return refused;
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

    /// <summary>A prescribed form's route: read access, and its formats in the document.</summary>
    private static void Prescribed(RouteHandlerBuilder route, string name, string summary) =>
        route.RequireAuthorization(Policies.Read).InLedger().WithName(name).WithTags("Reports")
            .WithSummary(summary + " 'format=csv', 'xlsx' (a workbook laid out like the form) or 'html' (A4, printable); JSON by default.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").Produces(StatusCodes.Status200OK, contentType: StatementWorkbook.ContentType)
            .Produces(StatusCodes.Status200OK, contentType: "text/html");

    /// <summary>The prescribed form in the asked format: JSON, CSV (UTF-8 with BOM), XLSX or HTML.</summary>
    private static async Task<Results<Ok<PrescribedStatementDto>, FileContentHttpResult, ContentHttpResult, ProblemHttpResult>> RespondAsync(
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

    /// <summary>The 400 for a format of the prescribed forms other than JSON, CSV, XLSX or HTML.</summary>
    private static ProblemHttpResult? BadFormat(string? format) =>
        format is null or "csv" or "xlsx" or "html"
            ? null
            : ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiErrorCodes.ValidationFailed, Formats, new Dictionary<string, string[]> { ["format"] = [Formats] });

    private static async Task<Results<Ok<PrescribedStatementDto>, FileContentHttpResult, ContentHttpResult, ProblemHttpResult>> PeriodFormAsync(
        string entityId, DateRangeQuery range, string? format, LedgerScope scope, PrescribedForm form, bool npo) =>
        (PeriodEnd(scope, entityId, range, out var end) ?? BadFormat(format) ?? (npo ? ReportsApi.NpoOnly(scope, entityId) : ReportsApi.SmeOnly(scope, entityId))) is { } refused
            ? refused
            : await RespondAsync(scope, entityId, form, end, format);

    private static async Task<Results<Ok<PrescribedStatementDto>, FileContentHttpResult, ContentHttpResult, ProblemHttpResult>> CashFlowFormAsync(
        string entityId, DateRangeQuery range, string? format, LedgerScope scope)
    {
        if ((PeriodEnd(scope, entityId, range, out var end) ?? BadFormat(format)) is { } refused)
        {
            return refused;
        }

        var profile = scope.State.Definition.FindEntity(EntityId.From(entityId))!.Profile;
        return profile switch
        {
            Ledger.AccountingProfile.NpoCn => await RespondAsync(scope, entityId, PrescribedForm.NpoCashFlow, end, format),
            Ledger.AccountingProfile.SmeCn => await RespondAsync(scope, entityId, PrescribedForm.SmeCashFlow, end, format),
            _ => ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, ApiErrorCodes.ReportProfileUnsupported,
                $"'{entityId}' keeps memo accounts only; a cash-flow statement is for NPO_CN and SME_CN entities."),
        };
    }

    private static async Task<Results<Ok<PrescribedStatementDto>, FileContentHttpResult, ContentHttpResult, ProblemHttpResult>> PositionFormAsync(
        string entityId, string? asOf, string? format, LedgerScope scope, PrescribedForm form, bool npo) =>
        (ReportsApi.EntityAsOf(scope, entityId, asOf, out var date) ?? BadFormat(format) ?? (date is null ? QueryValues.BadDate() : null)
         ?? (npo ? ReportsApi.NpoOnly(scope, entityId) : ReportsApi.SmeOnly(scope, entityId))) is { } refused
            ? refused
            : await RespondAsync(scope, entityId, form, date!.Value, format);

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
