using System.Collections.Immutable;
using CommunityFund.Utility;
using NodaTime;

namespace CommunityFund.Ledger;

/// <summary>
/// The definition of a ledger — the books of one community economy, run by one hub: its entities and their charts,
/// the date its books begin and the time zone that decides what "today" is. Immutable; the store keeps it.
/// </summary>
public sealed record LedgerDefinition
{
    /// <summary>The time zone used when none is given: China Standard Time.</summary>
    public const string DefaultTimeZone = "Asia/Shanghai";

    /// <summary>Creates a ledger definition with no entities.</summary>
    /// <param name="id">The id.</param>
    /// <param name="name">The display name.</param>
    /// <param name="booksStart">The first accounting date; nothing may be dated earlier.</param>
    /// <param name="timeZoneId">An IANA time-zone id; <see cref="DefaultTimeZone"/> when null.</param>
    /// <exception cref="ArgumentException">The name is blank, the id is the default, or the time zone is unknown.</exception>
    public LedgerDefinition(LedgerId id, string name, LocalDate booksStart, string? timeZoneId = null)
    {
        Preconditions.CheckArgument(id.Value is not null, nameof(id), "The ledger id is the default value.");
        Preconditions.CheckArgument(!string.IsNullOrWhiteSpace(name), nameof(name), "The ledger name is required.");
        timeZoneId ??= DefaultTimeZone;
        Preconditions.CheckArgument(DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZoneId) is not null, nameof(timeZoneId), $"Unknown time zone '{timeZoneId}'.");
        Id = id;
        Name = name;
        BooksStart = booksStart;
        TimeZoneId = timeZoneId;
    }

    /// <summary>The id.</summary>
    public LedgerId Id { get; }

    /// <summary>The display name.</summary>
    public string Name { get; }

    /// <summary>The first accounting date of the books.</summary>
    public LocalDate BooksStart { get; }

    /// <summary>The IANA time zone that decides the current accounting date.</summary>
    public string TimeZoneId { get; }

    /// <summary>The time zone.</summary>
    public DateTimeZone TimeZone => DateTimeZoneProviders.Tzdb[TimeZoneId];

    /// <summary>The entities, by id.</summary>
    public ImmutableSortedDictionary<EntityId, AccountingEntity> Entities { get; init; } =
        ImmutableSortedDictionary<EntityId, AccountingEntity>.Empty;

    /// <summary>Returns this ledger with an entity added.</summary>
    /// <param name="entity">The entity.</param>
    /// <returns>The new definition.</returns>
    /// <exception cref="ArgumentException">An entity with that id exists.</exception>
    public LedgerDefinition WithEntity(AccountingEntity entity)
    {
        Preconditions.CheckNotNull(entity);
        Preconditions.CheckArgument(!Entities.ContainsKey(entity.Id), nameof(entity), $"Entity '{entity.Id}' already exists in ledger '{Id}'.");
        return this with { Entities = Entities.Add(entity.Id, entity) };
    }

    /// <summary>Returns this ledger with an entity replaced (e.g. its chart extended).</summary>
    /// <param name="entity">The entity, whose id must exist.</param>
    /// <returns>The new definition.</returns>
    /// <exception cref="ArgumentException">No entity has that id.</exception>
    public LedgerDefinition WithUpdatedEntity(AccountingEntity entity)
    {
        Preconditions.CheckNotNull(entity);
        Preconditions.CheckArgument(Entities.ContainsKey(entity.Id), nameof(entity), $"Entity '{entity.Id}' does not exist in ledger '{Id}'.");
        return this with { Entities = Entities.SetItem(entity.Id, entity) };
    }

    /// <summary>Finds an entity.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The entity or <c>null</c>.</returns>
    public AccountingEntity? FindEntity(EntityId id) => Entities.GetValueOrDefault(id);
}
