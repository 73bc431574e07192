using CommunityFund.Api.Security;
using CommunityFund.Ledger;
using CommunityFund.Posting;
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
        group.MapGet("/journals", ListAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("ListJournals").WithSummary("Journals in sequence order, filtered by entity, account, date range and kind; page with 'after'.").WithTags("Journals");
        group.MapGet("/journals/{journalId:guid}", GetAsync).RequireAuthorization(Policies.Read).InLedger().WithName("GetJournal").WithSummary("One journal with its lines and hashes.").WithTags("Journals");
        group.MapPost("/journals", PostAsync).RequireAuthorization(Policies.Admin).Validates<ManualJournalRequest>().Idempotent().InLedger()
            .WithName("PostJournal").WithSummary("Posts a manual journal; it must balance per entity and unit (hub administrator).").WithTags("Journals");
        group.MapPost("/journals/{journalId:guid}/reversal", ReverseAsync).RequireAuthorization(Policies.Admin).Validates<ReverseRequest>().Idempotent().InLedger()
            .WithName("ReverseJournal").WithSummary("Reverses a journal with a linked mirror journal (红字冲销), at most once (hub administrator).").WithTags("Journals");
        group.MapPost("/periods/{period}/close", CloseAsync).RequireAuthorization(Policies.Admin).Idempotent().InLedger()
            .WithName("ClosePeriod").WithSummary("Closes the next open month (yyyy-MM) with its closing entries, then locks it: nothing posts or reverses into it afterwards (hub administrator).").WithTags("Journals");
        return group;
    }

    private static async Task<Results<Ok<JournalPage>, ProblemHttpResult>> ListAsync([AsParameters] JournalQuery query, LedgerScope scope)
    {
        if (Filter(query) is not { } filter)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiErrorCodes.ValidationFailed, "Some query parameters are invalid.", Errors(query));
        }

        if (scope.Caller.Role == ApiRole.Provider)
        {
            if (filter.Entity is not null && filter.Entity != scope.Caller.Entity)
            {
                return scope.DenyRead(filter.Entity)!;
            }

            filter = filter with { Entity = scope.Caller.Entity };
        }

        var size = query.Limit ?? 100;
        var items = new List<JournalDto>();
        var cursor = query.After ?? 0;
        var scanned = 0;
        while (items.Count < size && scanned < size * 20)
        {
            var page = await scope.Store.ReadJournalsAsync(scope.Id, cursor, 500, scope.RequestAborted);
            if (page.Count == 0)
            {
                cursor = -1;
                break;
            }

            foreach (var journal in page)
            {
                cursor = journal.Sequence;
                scanned++;
                if (filter.Matches(journal))
                {
                    items.Add(JournalDto.FromCore(journal, OwnLines(scope)));
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

    private static async Task<Results<Ok<JournalDto>, ProblemHttpResult>> GetAsync(Guid journalId, LedgerScope scope)
    {
        var journal = await scope.Store.GetJournalAsync(scope.Id, new JournalId(journalId), scope.RequestAborted);
        return journal is null || !journal.Lines.Any(l => scope.Caller.MayRead(l.Entity.Value))
            ? ApiProblems.NotFound(ErrorCodes.JournalNotFound, $"No journal {journalId} for this key.")
            : TypedResults.Ok(JournalDto.FromCore(journal, OwnLines(scope)));
    }

    private static async Task<Results<Created<JournalDto>, ProblemHttpResult>> PostAsync(ManualJournalRequest request, LedgerScope scope, PostingEngine engine)
    {
        foreach (var (line, i) in request.Lines.Select((l, i) => (l, i)))
        {
            foreach (var (name, value) in line.Dimensions ?? [])
            {
                if (Dimensions.Validate(name, value) is { } invalid)
                {
                    return ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiErrorCodes.ValidationFailed, invalid, new Dictionary<string, string[]> { [$"lines[{i}].dimensions.{name}"] = [invalid] });
                }
            }
        }

        var result = scope.Answered(await new JournalCommands(engine).PostAsync(scope.Id, request.ToCore(), scope.IdempotencyKey, scope.RequestAborted));
        return result.Value is { } journal ? TypedResults.Created($"/ledgers/{scope.Id}/journals/{journal.Id}", JournalDto.FromCore(journal)) : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Created<JournalDto>, ProblemHttpResult>> ReverseAsync(Guid journalId, ReverseRequest request, LedgerScope scope, PostingEngine engine)
    {
        var reversal = new ReversalRequest(scope.Id, new JournalId(journalId), request.Reason, request.Date, scope.IdempotencyKey);
        var result = scope.Answered(await new JournalCommands(engine).ReverseAsync(reversal, scope.RequestAborted));
        return result.Value is { } journal ? TypedResults.Created($"/ledgers/{scope.Id}/journals/{journal.Id}", JournalDto.FromCore(journal)) : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Ok<LedgerDtoHead>, ProblemHttpResult>> CloseAsync(string period, LedgerScope scope, PostingEngine engine)
    {
        if (QueryValues.Month(period) is not { } month)
        {
            return QueryValues.BadMonth();
        }

        var result = scope.Answered(await new PeriodClosing(scope.Store, engine).CloseAsync(scope.Id, month, scope.IdempotencyKey, scope.RequestAborted));
        if (result.Value is not { } closed)
        {
            return ApiProblems.FromErrors(result.Errors);
        }

        // A replay answers the first close: its closing journals, read back by id.
        var closing = result.Replayed ? await ClosingJournalsAsync(scope, closed) : [.. result.Journals];
        return TypedResults.Ok(new LedgerDtoHead(period, closed.ClosedThrough, [.. closing.Select(j => JournalDto.FromCore(j))]));
    }

    private static async Task<List<Journal>> ClosingJournalsAsync(LedgerScope scope, PeriodClosed closed)
    {
        var journals = new List<Journal>();
        foreach (var id in closed.ClosingJournals)
        {
            journals.Add((await scope.Store.GetJournalAsync(scope.Id, id, scope.RequestAborted))!);
        }

        return journals;
    }

    private static string? OwnLines(LedgerScope scope) => scope.Caller.Role == ApiRole.Provider ? scope.Caller.Entity : null;

    /// <summary>The parsed filter, or <c>null</c> when a parameter is invalid (<see cref="Errors"/> says which).</summary>
    private static JournalFilter? Filter(JournalQuery query) =>
        Errors(query).Count > 0
            ? null
            : new JournalFilter(query.Entity, query.Account, Date(query.From), Date(query.To), query.Kind is null ? null : Kind(query.Kind)!.Value.ToCore());

    private static Dictionary<string, string[]> Errors(JournalQuery query)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, text) in new[] { ("from", query.From), ("to", query.To) })
        {
            if (text is not null && Date(text) is null)
            {
                errors[field] = [$"'{field}' is a date such as 2026-03-01."];
            }
        }

        if (query.Account is not null && !AccountCode.TryParse(query.Account, out _))
        {
            errors["account"] = ["'account' is an account code such as 1002.01."];
        }

        if (query.Kind is not null && Kind(query.Kind) is null)
        {
            errors["kind"] = [$"'kind' is one of: {string.Join(", ", Enum.GetNames<JournalKind>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}."];
        }

        if (query.Limit is < 1 or > MaxPageSize || query.After < 0)
        {
            errors["limit"] = [$"'limit' is 1 to {MaxPageSize} and 'after' is a sequence of 0 or more."];
        }

        return errors;
    }

    private static LocalDate? Date(string? text) => text is not null && LocalDatePattern.Iso.Parse(text) is { Success: true } parsed ? parsed.Value : null;

    private static JournalKind? Kind(string text) =>
        Enum.TryParse<JournalKind>(text, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(text, out _) ? kind : null;

    /// <summary>The journals a listing keeps.</summary>
    private sealed record JournalFilter(string? Entity, string? Account, LocalDate? From, LocalDate? To, Ledger.JournalKind? Kind)
    {
        public bool Matches(Journal journal) =>
            (Entity is null || journal.Lines.Any(l => l.Entity.Value == Entity))
            && (Account is null || journal.Lines.Any(l => l.Account.Value == Account && (Entity is null || l.Entity.Value == Entity)))
            && (From is null || journal.AccountingDate >= From)
            && (To is null || journal.AccountingDate <= To)
            && (Kind is null || journal.Kind == Kind);
    }
}
