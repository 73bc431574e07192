using CommunityFund.Ledger;

namespace CommunityFund.Posting;

/// <summary>
/// A manual journal and a reversal as commands of the engine's pipeline (<see cref="PostingEngine.Commands"/>), so
/// that every write of the books — the domain's and these — is ordered, keyed and traced in one place. Their
/// fingerprint is the canonical hash of what they post (<see cref="CanonicalForm"/>), as for a direct posting.
/// </summary>
/// <param name="engine">The engine.</param>
public sealed class JournalCommands(PostingEngine engine)
{
    /// <summary>Posts one journal.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="draft">The journal.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The journal posted, or why it was refused.</returns>
    public Task<CommandResult<Journal>> PostAsync(LedgerId ledger, JournalDraft draft, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var envelope = new CommandEnvelope(ledger, "journal", idempotencyKey, CanonicalForm.RequestHash(new PostingBatch(ledger, [draft], idempotencyKey)));
        return engine.Commands.RunAsync(envelope,
            (_, _) => Task.FromResult(new CommandPlan<Journal>([draft], journals => ([], journals[0]))),
            (_, journals, _) => Task.FromResult<Journal?>(journals[0]), cancellationToken);
    }

    /// <summary>Reverses a journal (see <see cref="PostingEngine.ReverseAsync"/>).</summary>
    /// <param name="request">The reversal, with the client's key.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The reversing journal, or why it was refused.</returns>
    public Task<CommandResult<Journal>> ReverseAsync(ReversalRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var envelope = new CommandEnvelope(request.Ledger, "reversal", request.IdempotencyKey, CanonicalForm.RequestHash(request));
        return engine.Commands.RunAsync(envelope,
            (_, _) => Task.FromResult(CommandPlan<Journal>.Through(ct => ReverseHeldAsync(request, ct))),
            (_, journals, _) => Task.FromResult<Journal?>(journals[0]), cancellationToken);
    }

    private async Task<CommandResult<Journal>> ReverseHeldAsync(ReversalRequest request, CancellationToken cancellationToken)
    {
        var posted = await engine.ReverseHeldAsync(request, cancellationToken).ConfigureAwait(false);
        return CommandResult<Journal>.From(posted, posted.Succeeded ? posted.Journals[0] : null);
    }
}
