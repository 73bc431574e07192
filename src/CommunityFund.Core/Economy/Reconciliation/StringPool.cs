namespace CommunityFund.Economy;

/// <summary>
/// One instance of each repeated text read from many records (an entity, a resident, a statement's file hash, a memo),
/// so that 100,000 rows of one file hold its SHA-256 once rather than 100,000 times. Texts beyond
/// <see cref="Limit"/> distinct ones are answered as they are (a pool of unique texts would only add to them).
/// </summary>
internal sealed class StringPool
{
    /// <summary>How many distinct texts the pool keeps.</summary>
    internal const int Limit = 20_000;

    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

    /// <summary>The pooled instance of <paramref name="text"/>.</summary>
    internal string Share(string text)
    {
        if (_texts.TryGetValue(text, out var shared))
        {
            return shared;
        }

        if (_texts.Count < Limit)
        {
            _texts.Add(text, text);
        }

        return text;
    }

    /// <summary>The pooled instance of <paramref name="text"/>, or <c>null</c>.</summary>
    internal string? ShareOrNull(string? text) => text is null ? null : Share(text);

    /// <summary>The entity with its pooled name.</summary>
    internal Ledger.EntityId Share(Ledger.EntityId entity) => entity.Value is { } value ? Ledger.EntityId.From(Share(value)) : entity;

    /// <summary>The row with its repeated texts pooled (the entity, the source file's hash, the counterparty, the memo).</summary>
    internal StatementRow Share(StatementRow row) => row with
    {
        Entity = Share(row.Entity),
        SourceFile = Share(row.SourceFile),
        Counterparty = ShareOrNull(row.Counterparty),
        Memo = ShareOrNull(row.Memo),
    };
}
