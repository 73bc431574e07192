using System.Collections.Immutable;

namespace CommunityFund.Economy;

/// <summary>What an import of statement rows did.</summary>
/// <param name="Added">Rows stored now.</param>
/// <param name="AlreadyThere">Rows already stored with the same content (skipped).</param>
/// <param name="Conflicting">Keys of rows already stored with different content (reported, not overwritten).</param>
public sealed record StatementImportResult(int Added, int AlreadyThere, ImmutableArray<string> Conflicting);
