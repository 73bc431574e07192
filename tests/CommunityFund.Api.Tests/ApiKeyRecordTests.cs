using CommunityFund.Api.Security;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Api.Tests;

/// <summary>A ledger key's record is read once for the requests of <see cref="ApiKeys.RecordLifetime"/> (it used to be
/// read for every request: a round trip on PostgreSQL), yet a key revoked through the same server is refused by the very
/// next request; operator keys, revoked from the command line by another process, are read every time.</summary>
public sealed class ApiKeyRecordTests
{
    private static readonly LedgerId Ledger = LedgerId.From("keys");
    private readonly SettableClock _clock = new();
    private readonly KeyReadsStore _store = new(new InMemoryLedgerStore());
    private readonly ApiKeys _keys;

    public ApiKeyRecordTests() => _keys = new ApiKeys(_store, _clock, new PostingEngine(_store, _clock));

    [Fact]
    public async Task ALedgerKey_AuthenticatesRequestsWithinTheLifetime_WithOneReadOfItsRecord_AndIsReadAgainAfter()
    {
        var key = await CreateKeyAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull(await _keys.AuthenticateAsync(key));
        }

        var readsWithin = _store.KeyReads;
        _clock.Advance(Duration.FromTimeSpan(ApiKeys.RecordLifetime));
        Assert.NotNull(await _keys.AuthenticateAsync(key));

        Assert.Equal((1, 2), (readsWithin, _store.KeyReads));
    }

    [Fact]
    public async Task AKeyRevokedThroughTheSameServer_IsRefusedByTheNextRequest_ThoughItsRecordWasJustRead()
    {
        var key = await CreateKeyAsync();
        Assert.NotNull(await _keys.AuthenticateAsync(key));

        Assert.Equal(PostingOutcome.Created, (await _keys.RevokeAsync(Ledger, key.Split('_')[2])).Outcome);

        Assert.Null(await _keys.AuthenticateAsync(key));
    }

    [Fact]
    public async Task AWrongSecret_IsRefused_WhenTheKeysRecordIsKept()
    {
        var key = await CreateKeyAsync();
        Assert.NotNull(await _keys.AuthenticateAsync(key));

        Assert.Null(await _keys.AuthenticateAsync(key[..^1] + (key[^1] == '0' ? '1' : '0')));
    }

    [Fact]
    public async Task AnOperatorKey_IsReadForEveryRequest()
    {
        await _store.CreateLedgerAsync(new LedgerDefinition(ApiKeys.OperatorLedger, "Operators", new LocalDate(2026, 1, 1)));
        var (_, key) = await _keys.CreateOperatorAsync("city");

        Assert.NotNull(await _keys.AuthenticateAsync(key));
        Assert.NotNull(await _keys.AuthenticateAsync(key));

        Assert.Equal(2, _store.KeyReads);
    }

    private async Task<string> CreateKeyAsync()
    {
        await _store.CreateLedgerAsync(new LedgerDefinition(Ledger, "Keys", new LocalDate(2026, 1, 1)));
        var (result, key) = await _keys.CreateAsync(Ledger, ApiRole.Trustee, null, "auditor");
        Assert.Equal(PostingOutcome.Created, result.Outcome);
        return key!;
    }

    private sealed class SettableClock : IClock
    {
        private Instant _now = Instant.FromUtc(2026, 11, 29, 12, 0);

        public void Advance(Duration by) => _now += by;

        public Instant GetCurrentInstant() => _now;
    }

    /// <summary>Counts the reads of API key records.</summary>
    private sealed class KeyReadsStore(ILedgerStore inner) : DelegatingLedgerStore(inner)
    {
        private int _keyReads;

        public int KeyReads => _keyReads;

        public override Task<LedgerDocument?> GetDocumentAsync(LedgerId ledger, string kind, string key, CancellationToken cancellationToken = default)
        {
            if (kind == "api-key")
            {
                Interlocked.Increment(ref _keyReads);
            }

            return base.GetDocumentAsync(ledger, kind, key, cancellationToken);
        }
    }
}
