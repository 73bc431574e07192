using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>A ledger and its entities.</summary>
public sealed record LedgerDto(string Id, string Name, LocalDate BooksStart, string TimeZone, LocalDate? ClosedThrough, long HeadSequence, string HeadHash, IReadOnlyList<EntityDto> Entities)
{
    /// <summary>Maps a ledger's definition and head.</summary>
    public static LedgerDto FromCore(Storage.LedgerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var d = state.Definition;
        return new(d.Id.Value, d.Name, d.BooksStart, d.TimeZoneId, state.Head.ClosedThrough, state.Head.Sequence, state.Head.Hash, [.. d.Entities.Values.Select(EntityDto.FromCore)]);
    }
}

/// <summary>An accounting entity.</summary>
public sealed record EntityDto(string Id, string Name, EntityKind Kind, AccountingProfile Profile, string ChartTemplate)
{
    /// <summary>Maps an entity.</summary>
    public static EntityDto FromCore(AccountingEntity e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Id.Value, e.Name, e.Kind.ToWire(), e.Profile.ToWire(), e.Chart.TemplateVersion);
    }
}

/// <summary>An account of an entity's chart.</summary>
public sealed record AccountDto(string Code, string NameZh, string NameEn, AccountType Type, Side NormalSide, string Unit, bool Active, bool Leaf, IReadOnlyList<string> RequiredDimensions)
{
    /// <summary>Maps an account of a chart.</summary>
    public static AccountDto FromCore(Account a, ChartOfAccounts chart)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(chart);
        return new(a.Code.Value, a.NameZh, a.NameEn, a.Type.ToWire(), a.NormalSide.ToWire(), a.Unit.Code, a.IsActive, chart.IsLeaf(a.Code), [.. a.RequiredDimensions]);
    }
}

/// <summary>An entity to add to the ledger.</summary>
public sealed record EntityRequest(string Id, string Name, EntityKind Kind, AccountingProfile Profile);

/// <summary>A sub-account to add to an entity's chart.</summary>
public sealed record SubAccountRequest(string Parent, int Suffix, string NameZh, string NameEn);
