using CommunityFund.Api.Apis;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api.Imports;

/// <summary>
/// Past sales imported from a CSV stream, row by row through the very command of <c>POST /sales</c>
/// (<see cref="CommunityEconomy.RecordSaleAsync"/>) after the very validator (<see cref="CreateSaleValidator"/>), each
/// with the idempotency key <c>import:</c> + its external reference: a row imported before with the same content is
/// "already there" (the command's replay), with other content it is refused as <c>idempotency.conflict</c>. Bad rows are
/// refused and listed, the good ones kept. The body is read as a stream, and at most <see cref="Window"/> rows are in
/// flight at once (so memory stays bounded whatever the file's size); those in flight are recorded concurrently, and the
/// command pipeline commits them in groups.
/// </summary>
/// <param name="economy">The books' sales.</param>
/// <param name="validator">The sale request's validator.</param>
internal sealed class SaleImport(CommunityEconomy economy, IValidator<CreateSaleRequest> validator)
{
    /// <summary>The most rows recorded at once (two group commits' worth).</summary>
    internal const int Window = 128;

    private readonly SemaphoreSlim _window = new(Window, Window);
    private readonly RefusedRows _refused = new(SaleImportDto.MaxListed);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private long _imported;
    private long _alreadyThere;
    private Exception? _fault;

    /// <summary>Imports the rows of <paramref name="body"/> into <paramref name="ledger"/>.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="body">The CSV.</param>
    /// <param name="cancellationToken">Cancellation (the client went away).</param>
    /// <returns>The summary, or the problem of a file that cannot be imported at all (header, encoding).</returns>
    internal async Task<Results<Ok<SaleImportDto>, ProblemHttpResult>> RunAsync(LedgerId ledger, Stream body, CancellationToken cancellationToken)
    {
        using var table = new CsvTable(body);
        TableRow? header;
        try
        {
            header = await table.ReadAsync(cancellationToken);
        }
        catch (ImportUnreadableException ex)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiErrorCodes.ImportFileUnreadable, ex.Message);
        }

        var (positions, problems) = SaleImportRow.Columns.Map(header?.Cells ?? []);
        if (problems.Count > 0)
        {
            return ImportProblems.Header(header?.Line ?? 1, problems);
        }

        await ReadRowsAsync(ledger, table, positions, cancellationToken);
        for (var i = 0; i < Window; i++)
        {
            await _window.WaitAsync(CancellationToken.None);
        }

        if (_fault is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_fault);
        }

        var (listed, total, truncated) = _refused.Snapshot();
        return TypedResults.Ok(new SaleImportDto(_imported, _alreadyThere, total, listed, truncated));
    }

    /// <summary>Reads the rows and starts each one's command, at most <see cref="Window"/> at once; stops at a fault.</summary>
    private async Task ReadRowsAsync(LedgerId ledger, CsvTable table, int[] positions, CancellationToken cancellationToken)
    {
        var last = 1;
        while (Volatile.Read(ref _fault) is null)
        {
            TableRow? row;
            try
            {
                row = await table.ReadAsync(cancellationToken);
            }
            catch (ImportUnreadableException ex)
            {
                _refused.Add(new LineProblemDto(last + 1, "-", ApiErrorCodes.ImportFileUnreadable, ex.Message + " The rows after it were not read."));
                return;
            }

            if (row is null)
            {
                return;
            }

            last = row.Line;
            if (row.IsBlank)
            {
                continue;
            }

            var cells = ImportColumns.Cells(positions, row.Cells);
            if (cells[0] is { } reference && _running.TryGetValue(reference, out var earlier))
            {
                // The same reference twice in the file: the later row waits for the earlier, so the earlier is the one recorded.
                await earlier;
            }

            await _window.WaitAsync(cancellationToken);
            var task = Task.Run(() => ImportRowAsync(ledger, row.Line, cells, cancellationToken), CancellationToken.None);
            if (cells[0] is { } started)
            {
                _running[started] = task;
                _ = task.ContinueWith(_ => _running.TryRemove(new KeyValuePair<string, Task>(started, task)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private async Task ImportRowAsync(LedgerId ledger, int line, string?[] cells, CancellationToken cancellationToken)
    {
        try
        {
            var problems = new List<(string Column, string Reason)>();
            if (SaleImportRow.Parse(cells, problems) is not var (reference, request))
            {
                _refused.Add(problems.Select(p => new LineProblemDto(line, p.Column, ApiErrorCodes.ImportValueInvalid, p.Reason)));
                return;
            }

            var validation = await validator.ValidateAsync(request, cancellationToken);
            if (!validation.IsValid)
            {
                _refused.Add(validation.Errors.Select(e => new LineProblemDto(line, Camel(e.PropertyName), ApiErrorCodes.ValidationFailed, e.ErrorMessage)));
                return;
            }

            var result = await economy.RecordSaleAsync(ledger, request.ToCore(), SaleImportRow.KeyPrefix + reference, cancellationToken);
            Count(line, result);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Interlocked.CompareExchange(ref _fault, ex, null);
        }
        finally
        {
            _window.Release();
        }
    }

    private void Count(int line, CommandResult<SaleRecord> result)
    {
        if (result.Replayed)
        {
            Interlocked.Increment(ref _alreadyThere);
        }
        else if (result.Succeeded)
        {
            Interlocked.Increment(ref _imported);
        }
        else
        {
            _refused.Add(result.Errors.Select(e => new LineProblemDto(line, Column(e), e.Code, e.Message)));
        }
    }

    /// <summary>The column a books' error names (its field's first part), or <c>externalReference</c> for a key conflict.</summary>
    private static string Column(PostingError error) =>
        error.Code == ErrorCodes.IdempotencyConflict ? "externalReference" : error.Field is { Length: > 0 } field ? field.Split('.', '[')[0] : "-";

    private static string Camel(string path) => path.Length == 0 ? path : char.ToLowerInvariant(path[0]) + path[1..];
}
