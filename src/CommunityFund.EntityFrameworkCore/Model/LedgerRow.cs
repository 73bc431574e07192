using NodaTime;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>A ledger: its definition (as JSON) and its head.</summary>
internal sealed class LedgerRow
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    public required string Definition { get; set; }

    /// <summary>Raised by every change of <see cref="Definition"/>, so a reader can reuse the definition it parsed.</summary>
    public long DefinitionVersion { get; set; }

    public long HeadSequence { get; set; }

    /// <summary>Raised by every record written or deleted without journals (<see cref="Storage.IRecordStore.GetRecordsVersionAsync"/>).</summary>
    public long RecordsVersion { get; set; }

    public required string HeadHash { get; set; }

    public LocalDate? ClosedThrough { get; set; }
}
