using CommunityFund.Posting;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>A problem of one cell of an imported file.</summary>
/// <param name="Line">The line number in the file (the header is line 1; for XLSX the row number).</param>
/// <param name="Column">The column (its canonical name, or the header text for an unknown column).</param>
/// <param name="Code">The stable error code.</param>
/// <param name="Reason">A readable reason.</param>
public sealed record LineProblemDto(int Line, string Column, string Code, string Reason);

/// <summary>The opening journals posted from a file.</summary>
/// <param name="Date">Their date: the day before the books start.</param>
/// <param name="Journals">One per entity.</param>
public sealed record OpeningBalancesDto(LocalDate Date, IReadOnlyList<JournalDto> Journals)
{
    /// <summary>Maps the books' result.</summary>
    public static OpeningBalancesDto FromCore(OpeningBalancesPosted posted)
    {
        ArgumentNullException.ThrowIfNull(posted);
        return new(posted.Date, [.. posted.Journals.Select(j => JournalDto.FromCore(j))]);
    }
}

/// <summary>What a sales import did: every row is imported, already there (its external reference was imported
/// before with the same content), or refused.</summary>
/// <param name="Imported">Rows recorded as new sales.</param>
/// <param name="AlreadyThere">Rows whose sale was already recorded by an earlier import of the same row (nothing
/// changed).</param>
/// <param name="Refused">Rows refused (their problems are in <paramref name="RefusedRows"/>).</param>
/// <param name="RefusedRows">The first <see cref="MaxListed"/> problems of refused rows, in line order.</param>
/// <param name="RefusedRowsTruncated"><c>true</c> when more problems than listed.</param>
public sealed record SaleImportDto(long Imported, long AlreadyThere, long Refused, IReadOnlyList<LineProblemDto> RefusedRows, bool RefusedRowsTruncated)
{
    /// <summary>The most refused rows' problems listed.</summary>
    public const int MaxListed = 1_000;
}
