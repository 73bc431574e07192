using System.Collections.Immutable;
using CommunityFund.Ledger;

namespace CommunityFund.Economy;

/// <summary>A match made by hand: statement rows with sales or refunds the matcher could not pair.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Channel">The channel of the rows.</param>
/// <param name="Rows">The statement rows, by key <c>{channel}:{transactionId}</c>.</param>
/// <param name="Book">The sales (<c>sale:{id}</c>, or the bare sale id) and refunds (<c>refund:{journalId}</c>).</param>
/// <param name="Reason">Why (required).</param>
public sealed record ManualMatchRequest(EntityId Entity, PaymentChannel Channel, ImmutableArray<string> Rows, ImmutableArray<string> Book, string Reason);
