using CommunityFund.Utility;

namespace CommunityFund.Ledger;

/// <summary>
/// A legal or reporting unit inside a ledger, with its own chart of accounts and its own trial balance.
/// Immutable.
/// </summary>
public sealed record AccountingEntity
{
    /// <summary>Creates an entity with its profile's template chart.</summary>
    /// <param name="id">The id, unique in the ledger.</param>
    /// <param name="name">The display name, e.g. <c>锦江区枢纽社会企业</c>.</param>
    /// <param name="kind">The role.</param>
    /// <param name="profile">The accounting profile; the chart starts from its template.</param>
    /// <exception cref="ArgumentException">The name is blank or the id is the default.</exception>
    public AccountingEntity(EntityId id, string name, EntityKind kind, AccountingProfile profile)
        : this(id, name, kind, ChartTemplates.For(profile))
    {
    }

    /// <summary>Creates an entity with a given chart.</summary>
    /// <param name="id">The id, unique in the ledger.</param>
    /// <param name="name">The display name.</param>
    /// <param name="kind">The role.</param>
    /// <param name="chart">The chart of accounts (its profile is the entity's profile).</param>
    /// <exception cref="ArgumentException">The name is blank or the id is the default.</exception>
    public AccountingEntity(EntityId id, string name, EntityKind kind, ChartOfAccounts chart)
    {
        Preconditions.CheckArgument(id.Value is not null, nameof(id), "The entity id is the default value.");
        Preconditions.CheckArgument(!string.IsNullOrWhiteSpace(name), nameof(name), "The entity name is required.");
        Id = id;
        Name = name;
        Kind = kind;
        Chart = Preconditions.CheckNotNull(chart);
    }

    /// <summary>The id.</summary>
    public EntityId Id { get; }

    /// <summary>The display name.</summary>
    public string Name { get; }

    /// <summary>The role.</summary>
    public EntityKind Kind { get; }

    /// <summary>The chart of accounts.</summary>
    public ChartOfAccounts Chart { get; init; }

    /// <summary>The accounting profile (that of the chart).</summary>
    public AccountingProfile Profile => Chart.Profile;
}
