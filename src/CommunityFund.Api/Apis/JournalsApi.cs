using System.Collections.Immutable;
using System.Security.Claims;
using CommunityFund.Api.Security;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using NodaTime.Text;

namespace CommunityFund.Api.Apis;

/// <summary>Journals (list with cursor paging and filters, get, post manual, reverse) and period close.</summary>
public static class JournalsApi
{
    /// <summary>The largest page.</summary>
    public const int MaxPageSize = 500;

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapJournals(this RouteGroupBuilder group)
    {
        group.MapGet("/journals", ListAsync).RequireAuthorization(Policies.Read)
            .WithName("ListJournals").WithSummary("Journals in sequence order, filtered by entity, account, date range and kind; page with 'after'.").WithTags("Journals");
        group.MapGet("/journals/{journalId:guid}", GetAsync).RequireAuthorization(Policies.Read).WithName("GetJournal").WithSummary("One journal with its lines and hashes.").WithTags("Journals");
        group.MapPost("/journals", PostAsync).RequireAuthorization(Policies.Admin).Validates<ManualJournalRequest>().Idempotent()
            .WithName("PostJournal").WithSummary("Posts a manual journal; it must balance per entity and unit (hub administrator).").WithTags("Journals");
        group.MapPost("/journals/{journalId:guid}/reversal", ReverseAsync).RequireAuthorization(Policies.Admin).Validates<ReverseRequest>().Idempotent()
            .WithName("ReverseJournal").WithSummary("Reverses a journal with a linked mirror journal (红字冲销), at most once (hub administrator).").WithTags("Journals");
        group.MapPost("/periods/{period}/close", CloseAsync).RequireAuthorization(Policies.Admin).Idempotent()
            .WithName("ClosePeriod").WithSummary("Closes the next open month (yyyy-MM) with its closing entries, then locks it: nothing posts or reverses into it afterwards (hub administrator).").WithTags("Journals");
        return group;
    }

    private static async Task<Results<Ok<JournalPage>, ProblemHttpResult>> ListAsync(
        string ledgerId, string? entity, string? account, string? from, string? to, string? kind, long? after, int? limit,
        ClaimsPrincipal user, ILedgerStore store, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var errors = new Dictionary<string, string[]>();
        var fromDate = ParseDate(from, "from", errors);
        var toDate = ParseDate(to, "to", errors);
        if (account is not null && !AccountCode.TryParse(account, out _))
        {
            errors["account"] = ["'account' is an account code such as 1002.01."];
        }

        JournalKind? kindFilter = null;
        if (kind is not null)
        {
            if (Enum.TryParse<JournalKind>(kind, ignoreCase: true, out var parsedKind) && Enum.IsDefined(parsedKind) && !int.TryParse(kind, out _))
            {
                kindFilter = parsedKind;
            }
            else
            {
                errors["kind"] = [$"'kind' is one of: {string.Join(", ", Enum.GetNames<JournalKind>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}."];
            }
        }

        if (limit is < 1 or > MaxPageSize || after < 0)
        {
            errors["limit"] = [$"'limit' is 1 to {MaxPageSize} and 'after' is a sequence of 0 or more."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "validation.failed", "Some query parameters are invalid.", errors);
        }

        if (scope.Caller.Role == ApiRole.Provider)
        {
            if (entity is not null && entity != scope.Caller.Entity)
            {
                return scope.DenyRead(entity)!;
            }

            entity = scope.Caller.Entity;
        }

        var size = limit ?? 100;
        var items = new List<JournalDto>();
        var cursor = after ?? 0;
        var scanned = 0;
        while (items.Count < size && scanned < size * 20)
        {
            var page = await store.ReadJournalsAsync(scope.Id, cursor, 500, ct);
            if (page.Count == 0)
            {
                cursor = -1;
                break;
            }

            foreach (var journal in page)
            {
                cursor = journal.Sequence;
                scanned++;
                if (Matches(journal, entity, account, fromDate, toDate, kindFilter))
                {
                    items.Add(JournalDto.From(journal, OwnLines(scope)));
                    if (items.Count == size)
                    {
                        break;
                    }
                }
            }
        }

        var next = cursor < 0 || (items.Count < size && cursor >= scope.State.Head.Sequence) ? (long?)null : cursor;
        return TypedResults.Ok(new JournalPage(items, next));
    }

    private static async Task<Results<Ok<JournalDto>, ProblemHttpResult>> GetAsync(string ledgerId, Guid journalId, ClaimsPrincipal user, ILedgerStore store, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var journal = await store.GetJournalAsync(scope.Id, new JournalId(journalId), ct);
        return journal is null || !journal.Lines.Any(l => scope.Caller.MayRead(l.Entity.Value))
            ? ApiProblems.NotFound("journal.not_found", $"No journal {journalId} for this key.")
            : TypedResults.Ok(JournalDto.From(journal, OwnLines(scope)));
    }

    private static async Task<Results<Created<JournalDto>, ProblemHttpResult>> PostAsync(string ledgerId, ManualJournalRequest request, HttpContext http, ClaimsPrincipal user, ILedgerStore store, PostingEngine engine, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var lines = new List<LineDraft>();
        foreach (var (line, i) in request.Lines.Select((l, i) => (l, i)))
        {
            foreach (var (name, value) in line.Dimensions ?? [])
            {
                if (Dimensions.Validate(name, value) is { } invalid)
                {
                    return ApiProblems.Problem(StatusCodes.Status400BadRequest, "validation.failed", invalid, new Dictionary<string, string[]> { [$"lines[{i}].dimensions.{name}"] = [invalid] });
                }
            }

            lines.Add(new LineDraft(EntityId.From(line.Entity), AccountCode.Parse(line.Account), line.Side == "debit" ? Side.Debit : Side.Credit, line.Amount)
            {
                Dimensions = line.Dimensions is null ? Dimensions.Empty : Dimensions.From(line.Dimensions),
            });
        }

        var draft = new JournalDraft(request.Date, JournalKind.Manual, request.Memo, [.. lines]) { SourceReference = request.SourceReference };
        var result = await engine.PostAsync(scope.Id, draft, http.Request.Headers[IdempotencyFilter.Header], ct);
        return result.Succeeded ? TypedResults.Created($"/ledgers/{ledgerId}/journals/{result.Journal.Id}", JournalDto.From(result.Journal)) : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Created<JournalDto>, ProblemHttpResult>> ReverseAsync(string ledgerId, Guid journalId, ReverseRequest request, HttpContext http, ClaimsPrincipal user, ILedgerStore store, PostingEngine engine, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var result = await engine.ReverseAsync(new ReversalRequest(scope.Id, new JournalId(journalId), request.Reason, request.Date, http.Request.Headers[IdempotencyFilter.Header]), ct);
        return result.Succeeded ? TypedResults.Created($"/ledgers/{ledgerId}/journals/{result.Journal.Id}", JournalDto.From(result.Journal)) : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Ok<LedgerDtoHead>, ProblemHttpResult>> CloseAsync(string ledgerId, string period, ClaimsPrincipal user, ILedgerStore store, PostingEngine engine, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var parsed = YearMonthPattern.CreateWithInvariantCulture("uuuu-MM").Parse(period);
        if (!parsed.Success)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "validation.failed", "'period' is a month such as 2026-03.",
                new Dictionary<string, string[]> { ["period"] = ["'period' is a month such as 2026-03."] });
        }

        var (result, closing) = await new PeriodClosing(store, engine).CloseAsync(scope.Id, parsed.Value, ct);
        return result.Closed
            ? TypedResults.Ok(new LedgerDtoHead(period, result.ClosedThrough!.Value, [.. closing.Select(j => JournalDto.From(j))]))
            : ApiProblems.FromErrors(result.Errors);
    }

    private static string? OwnLines(Scope scope) => scope.Caller.Role == ApiRole.Provider ? scope.Caller.Entity : null;

    private static bool Matches(Journal journal, string? entity, string? account, LocalDate? from, LocalDate? to, JournalKind? kind) =>
        (entity is null || journal.Lines.Any(l => l.Entity.Value == entity))
        && (account is null || journal.Lines.Any(l => l.Account.Value == account && (entity is null || l.Entity.Value == entity)))
        && (from is null || journal.AccountingDate >= from)
        && (to is null || journal.AccountingDate <= to)
        && (kind is null || journal.Kind == kind);

    private static LocalDate? ParseDate(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }

        var parsed = LocalDatePattern.Iso.Parse(text);
        if (!parsed.Success)
        {
            errors[field] = [$"'{field}' is a date such as 2026-03-01."];
            return null;
        }

        return parsed.Value;
    }
}

/// <summary>The result of closing a period.</summary>
/// <param name="Period">The month closed.</param>
/// <param name="ClosedThrough">The books are now closed through this date.</param>
/// <param name="ClosingJournals">The closing entries posted (revenues and expenses to net assets or profit).</param>
public sealed record LedgerDtoHead(string Period, LocalDate ClosedThrough, IReadOnlyList<JournalDto> ClosingJournals);
