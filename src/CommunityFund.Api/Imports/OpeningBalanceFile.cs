using CommunityFund.Posting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Column = CommunityFund.Posting.OpeningBalanceColumns;

namespace CommunityFund.Api.Imports;

/// <summary>
/// Reads an opening-balance file into the kernel's <see cref="OpeningBalanceLine"/>s: CSV (<c>text/csv</c>, UTF-8) or
/// XLSX (its first worksheet). The first row is the header; its columns, in any order, are <c>entity</c> (主体),
/// <c>account</c> (科目编码), <c>debit</c> (借方), <c>credit</c> (贷方) and optionally <c>name</c> (科目名称),
/// <c>restriction</c> (限定) and <c>member</c> (成员). Blank rows are skipped. Cells go to the kernel as text: every
/// check of a value (entity, account, name, amount, dimension, balance) is <see cref="OpeningBalances"/>'s.
/// </summary>
internal static class OpeningBalanceFile
{
    /// <summary>The CSV media type.</summary>
    internal const string Csv = "text/csv";

    /// <summary>The XLSX media type.</summary>
    internal const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The columns and their names.</summary>
    internal static readonly ImportColumns Columns = new(
        (Column.Entity, true, ["主体", "entity id", "会计主体"]),
        (Column.Account, true, ["科目编码", "科目代码", "account code", "code"]),
        (Column.Name, false, ["科目名称", "account name"]),
        (Column.Debit, true, ["借方", "借方余额", "debit balance"]),
        (Column.Credit, true, ["贷方", "贷方余额", "credit balance"]),
        (Column.Restriction, false, ["限定", "限定性"]),
        (Column.Member, false, ["成员"]));

    /// <summary>Reads the request's body.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The lines, or the problem to answer (unsupported type, unreadable file, bad header).</returns>
    internal static async Task<(List<OpeningBalanceLine>? Lines, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var media = MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ? type.MediaType.Value?.ToLowerInvariant() : null;
        if (media is not (Csv or "application/csv" or Xlsx))
        {
            return (null, ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, ApiErrorCodes.UnsupportedMediaType, $"Send the file as {Csv} (UTF-8) or {Xlsx}."));
        }

        List<TableRow> rows;
        try
        {
            var max = OpeningBalances.MaxLines + 2;
            rows = media == Xlsx ? await XlsxTable.ReadAllAsync(request.Body, max, cancellationToken) : await CsvTable.ReadAllAsync(request.Body, max, cancellationToken);
        }
        catch (ImportUnreadableException ex)
        {
            return (null, ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiErrorCodes.ImportFileUnreadable, ex.Message));
        }

        rows.RemoveAll(r => r.IsBlank);
        var (positions, problems) = Columns.Map(rows.Count > 0 ? rows[0].Cells : []);
        if (problems.Count > 0)
        {
            return (null, ImportProblems.Header(rows.Count > 0 ? rows[0].Line : 1, problems));
        }

        return ([.. rows.Skip(1).Select(r => Line(r, positions))], null);
    }

    private static OpeningBalanceLine Line(TableRow row, int[] positions)
    {
        var c = ImportColumns.Cells(positions, row.Cells);
        return new OpeningBalanceLine(row.Line, c[0], c[1]) { Name = c[2], Debit = c[3], Credit = c[4], Restriction = c[5], Member = c[6] };
    }
}
