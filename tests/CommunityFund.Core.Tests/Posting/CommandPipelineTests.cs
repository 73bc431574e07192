using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using CommunityFund.Community;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;
using static CommunityFund.Tests.Community.CommunityBooks;

namespace CommunityFund.Tests.Posting;

/// <summary>The one command pipeline: every service's writes run through <see cref="PostingEngine.Commands"/>, which
/// decides idempotency keys by one fingerprint, retries a command that met another writer and traces each command.</summary>
public class CommandPipelineTests
{
    private readonly Community.CommunityBooks _books = Create();

    [Fact]
    public async Task CommandWithoutJournals_ReplayedKey_AnswersTheFirstValueWithoutWritingAgain()
    {
        var first = await _books.Agreements.RegisterAsync(CommunityLedger, Lease(), "register-1");
        await _books.Agreements.ActivateAsync(CommunityLedger, "living-room", "activate-1");

        var replay = await _books.Agreements.RegisterAsync(CommunityLedger, Lease(), "register-1");

        Assert.Equal(PostingOutcome.Created, first.Outcome);
        Assert.Equal(PostingOutcome.AlreadyExists, replay.Outcome);
        Assert.Equal(JsonSerializer.Serialize(first.Value), JsonSerializer.Serialize(replay.Value));
        Assert.Equal(AgreementStatus.Draft, replay.Value!.Status);
    }

    [Fact]
    public async Task CommandWithoutJournals_KeyReusedForOtherContent_IsAConflict()
    {
        await _books.Agreements.RegisterAsync(CommunityLedger, Lease(), "register-1");

        var reused = await _books.Agreements.RegisterAsync(CommunityLedger, Lease("other-room"), "register-1");

        Assert.Equal(PostingOutcome.Conflict, reused.Outcome);
        Assert.Equal(ErrorCodes.IdempotencyConflict, Assert.Single(reused.Errors).Code);
        Assert.Null(await _books.Agreements.GetAsync(CommunityLedger, "other-room"));
    }

    [Fact]
    public async Task KeyOfACommandWithoutJournals_ReusedByACommandThatPosts_IsAConflict()
    {
        await _books.Agreements.RegisterAsync(CommunityLedger, Lease(), "shared-key");

        var donation = await _books.FundBooks.ReceiveDonationAsync(CommunityLedger, new DonationReceipt(Fund, new LocalDate(2026, 3, 2), Cny(100m), "d-1"), "shared-key");

        Assert.Equal(PostingOutcome.Conflict, donation.Outcome);
        Assert.Equal(0, (await _books.Ledgers.GetLedgerAsync(CommunityLedger))!.Head.Sequence);
    }

    [Fact]
    public async Task PostedCommand_RecordsItsFingerprintAsTheJournalsRequestHash()
    {
        var receipt = new DonationReceipt(Fund, new LocalDate(2026, 3, 2), Cny(100m), "d-1");

        var donation = await _books.FundBooks.ReceiveDonationAsync(CommunityLedger, receipt, "donation-1");
        var replay = await _books.FundBooks.ReceiveDonationAsync(CommunityLedger, receipt, "donation-1");

        var journal = Assert.Single(donation.Journals);
        Assert.Matches("^[0-9a-f]{64}$", journal.RequestHash);
        Assert.False(journal.Metadata.ContainsKey("request"));
        Assert.Equal(PostingOutcome.AlreadyExists, replay.Outcome);
        Assert.True(replay.Replayed);
        Assert.False(donation.Replayed);
        Assert.Equal(journal.Id, replay.Value!.Id);
    }

    [Fact]
    public async Task PeriodClose_ReplayedKey_AnswersTheFirstClose_WhileANewRequestIsRefused()
    {
        var closing = new PeriodClosing(_books.Ledgers, _books.Engine);

        await _books.FundBooks.ReceiveDonationAsync(CommunityLedger, new DonationReceipt(Fund, new LocalDate(2026, 1, 12), Cny(100m), "d-1"), "donation-1");

        var first = await closing.CloseAsync(CommunityLedger, new YearMonth(2026, 1), "close-2026-01", CancellationToken.None);
        var replay = await closing.CloseAsync(CommunityLedger, new YearMonth(2026, 1), "close-2026-01", CancellationToken.None);
        var again = await closing.CloseAsync(CommunityLedger, new YearMonth(2026, 1), "close-2026-01-again", CancellationToken.None);

        Assert.Equal((PostingOutcome.Created, false), (first.Outcome, first.Replayed));
        Assert.Equal((PostingOutcome.AlreadyExists, true), (replay.Outcome, replay.Replayed));
        Assert.Equal(new LocalDate(2026, 1, 31), replay.Value!.ClosedThrough);
        Assert.NotEmpty(first.Value!.ClosingJournals);
        Assert.Equal(first.Value.ClosingJournals, replay.Value.ClosingJournals.AsEnumerable());
        Assert.Equal(ErrorCodes.PeriodAlreadyClosed, Assert.Single(again.Errors).Code);
    }

    [Fact]
    public async Task ManualJournal_ThroughThePipeline_ReplaysByKey_AndARefusalWritesNothing()
    {
        var journals = new JournalCommands(_books.Engine);
        var draft = new JournalDraft(new LocalDate(2026, 3, 2), JournalKind.Manual, "office supplies",
            [LineDraft.Debit(Fund, "5101.01", Cny(12m)), LineDraft.Credit(Fund, "1002.02", Cny(12m))]);
        var unbalanced = draft with { Lines = [LineDraft.Debit(Fund, "5101.01", Cny(12m)), LineDraft.Credit(Fund, "1002.02", Cny(11m))] };

        var first = await journals.PostAsync(CommunityLedger, draft, "manual-1");
        var replay = await journals.PostAsync(CommunityLedger, draft, "manual-1");
        var refused = await journals.PostAsync(CommunityLedger, unbalanced, "manual-2");

        Assert.Equal((PostingOutcome.AlreadyExists, true, first.Value!.Id), (replay.Outcome, replay.Replayed, replay.Value!.Id));
        Assert.Equal(ErrorCodes.JournalUnbalanced, refused.Errors[0].Code);
        Assert.Equal(1, (await _books.Ledgers.GetLedgerAsync(CommunityLedger))!.Head.Sequence);
    }

    [Fact]
    public async Task Reversal_ThroughThePipeline_ReplaysByKey_AndIsNotReversedTwice()
    {
        var journals = new JournalCommands(_books.Engine);
        var posted = await journals.PostAsync(CommunityLedger, new JournalDraft(new LocalDate(2026, 3, 2), JournalKind.Manual, "office supplies",
            [LineDraft.Debit(Fund, "5101.01", Cny(12m)), LineDraft.Credit(Fund, "1002.02", Cny(12m))]));

        var first = await journals.ReverseAsync(new ReversalRequest(CommunityLedger, posted.Value!.Id, "entered twice", new LocalDate(2026, 3, 5), "reverse-1"));
        var replay = await journals.ReverseAsync(new ReversalRequest(CommunityLedger, posted.Value.Id, "entered twice", new LocalDate(2026, 3, 5), "reverse-1"));
        var again = await journals.ReverseAsync(new ReversalRequest(CommunityLedger, posted.Value.Id, "entered twice", new LocalDate(2026, 3, 5), "reverse-2"));

        Assert.Equal((PostingOutcome.AlreadyExists, true, first.Value!.Id), (replay.Outcome, replay.Replayed, replay.Value!.Id));
        Assert.Equal(ErrorCodes.JournalAlreadyReversed, again.Errors[0].Code);
    }

    [Fact]
    public async Task AddEntity_ReplayedKey_AnswersTheFirstRun_WhileANewRequestIsEntityExists()
    {
        var definitions = new DefinitionCommands(_books.Engine);
        var library = new AccountingEntity(EntityId.From("library"), "社区图书角", EntityKind.Provider, AccountingProfile.NpoCn);

        var first = await definitions.AddEntityAsync(CommunityLedger, library, "entity-1");
        var replay = await definitions.AddEntityAsync(CommunityLedger, library, "entity-1");
        var again = await definitions.AddEntityAsync(CommunityLedger, library, "entity-2");

        Assert.Equal((PostingOutcome.Created, "library"), (first.Outcome, first.Value));
        Assert.Equal((true, "library"), (replay.Replayed, replay.Value));
        Assert.Equal(ErrorCodes.EntityExists, Assert.Single(again.Errors).Code);
        Assert.NotNull((await _books.Ledgers.GetLedgerAsync(CommunityLedger))!.Definition.FindEntity(EntityId.From("library")));
    }

    [Fact]
    public async Task AddSubAccount_WritesTheChart_AndRefusesAMissingParentOrAnExistingCode()
    {
        var definitions = new DefinitionCommands(_books.Engine);

        var added = await definitions.AddSubAccountAsync(CommunityLedger, Fund, AccountCode.Parse("5101"), 9, "社区图书", "Community books");
        var exists = await definitions.AddSubAccountAsync(CommunityLedger, Fund, AccountCode.Parse("5101"), 9, "社区图书", "Community books");
        var orphan = await definitions.AddSubAccountAsync(CommunityLedger, Fund, AccountCode.Parse("9999"), 1, "无", "None");

        Assert.Equal("5101.09", added.Value);
        Assert.NotNull((await _books.Ledgers.GetLedgerAsync(CommunityLedger))!.Definition.FindEntity(Fund)!.Chart.Find(AccountCode.Parse("5101.09")));
        Assert.Equal(ErrorCodes.AccountExists, Assert.Single(exists.Errors).Code);
        Assert.Equal(ErrorCodes.AccountNotFound, Assert.Single(orphan.Errors).Code);
    }

    [Fact]
    public void Envelope_SameContent_SameFingerprint_OtherContent_Other()
    {
        var a = CommandEnvelope.For(CommunityLedger, "sale", "k", "elder-care", Cny(10m), 2);
        var same = CommandEnvelope.For(CommunityLedger, "sale", "other-key", "elder-care", Cny(10m), 2);
        var other = CommandEnvelope.For(CommunityLedger, "sale", "k", "elder-care", Cny(10.01m), 2);
        var otherName = CommandEnvelope.For(CommunityLedger, "refund", "k", "elder-care", Cny(10m), 2);

        Assert.Equal(a.Fingerprint, same.Fingerprint);
        Assert.NotEqual(a.Fingerprint, other.Fingerprint);
        Assert.NotEqual(a.Fingerprint, otherName.Fingerprint);
    }

    [Fact]
    public async Task Retrying_RunsACommandThatMetAnotherWriterAgain()
    {
        var inner = new ScriptedPipeline(anotherWriterTimes: 3);

        var result = await new RetryingCommands(inner).RunAsync(Command());

        Assert.Equal(PostingOutcome.Created, result.Outcome);
        Assert.Equal(4, inner.Runs);
    }

    [Fact]
    public async Task Retrying_GivesUpAsLedgerBusyAfterTheLastAttempt()
    {
        var inner = new ScriptedPipeline(anotherWriterTimes: int.MaxValue);

        var result = await new RetryingCommands(inner).RunAsync(Command());

        Assert.Equal(ErrorCodes.LedgerBusy, Assert.Single(result.Errors).Code);
        Assert.Equal(RetryingCommands.MaxAttempts, inner.Runs);
    }

    [Fact]
    public async Task Retrying_PassesARefusalThroughAtOnce()
    {
        var inner = new ScriptedPipeline(anotherWriterTimes: 0, refuse: true);

        var result = await new RetryingCommands(inner).RunAsync(Command());

        Assert.Equal(PostingOutcome.Rejected, result.Outcome);
        Assert.Equal(1, inner.Runs);
    }

    [Fact]
    public async Task Traced_RecordsAnActivityPerCommand_WithItsNameAndOutcome()
    {
        var seen = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TracedCommands.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = seen.Add,
        };
        ActivitySource.AddActivityListener(listener);

        // Other tests run commands in parallel: this test's command is the one under its own parent activity.
        using var parent = new Activity("test").Start();
        await _books.FundBooks.ReceiveDonationAsync(CommunityLedger, new DonationReceipt(Fund, new LocalDate(2026, 3, 2), Cny(100m), "traced-donor"), "traced-1");

        var activity = Assert.Single(seen, a => a.ParentId == parent.Id && a.GetTagItem("command") as string == "fund-donation");
        Assert.Equal("Created", activity.GetTagItem("outcome"));
        Assert.Equal(1, activity.GetTagItem("journals"));
    }

    [Fact]
    public async Task Traced_CountsCommandsByNameAndOutcome()
    {
        var counted = new ConcurrentBag<(long Value, string? Command, string? Outcome)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == TracedCommands.SourceName && instrument.Name == "communityfund.commands")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? command = null, outcome = null;
            foreach (var tag in tags)
            {
                command = tag.Key == "command" ? tag.Value as string : command;
                outcome = tag.Key == "outcome" ? tag.Value as string : outcome;
            }

            counted.Add((value, command, outcome));
        });
        meters.Start();

        await _books.Agreements.RegisterAsync(CommunityLedger, Lease("counted-room"), "counted-1");
        await _books.Agreements.RegisterAsync(CommunityLedger, Lease("counted-room"), "counted-1");

        Assert.Contains((1L, "agreement-register", "Created"), counted);
        Assert.Contains((1L, "agreement-register", "AlreadyExists"), counted);
    }

    private static LedgerCommand<string> Command() =>
        new(CommandEnvelope.For(CommunityLedger, "test", null), (_, _) => Task.FromResult(CommandPlan<string>.WithoutJournals([], "done")), (_, _, _) => Task.FromResult<string?>(null));

    private sealed class ScriptedPipeline(int anotherWriterTimes, bool refuse = false) : ICommandPipeline
    {
        internal int Runs { get; private set; }

        public Task<CommandResult<T>> RunAsync<T>(LedgerCommand<T> command, CancellationToken cancellationToken = default)
            where T : class
        {
            Runs++;
            if (refuse)
            {
                return Task.FromResult(CommandResult<T>.Rejected("test.refused", "no", "field"));
            }

            return Task.FromResult(Runs <= anotherWriterTimes
                ? CommandResult<T>.Rejected(ErrorCodes.LedgerHeadMoved, "moved", "ledger")
                : new CommandResult<T>(PostingOutcome.Created, null, [], []));
        }
    }
}
