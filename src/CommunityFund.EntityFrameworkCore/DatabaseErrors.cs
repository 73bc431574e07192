using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// The one place database exceptions are translated (in the spirit of Marten's <c>MartenExceptionTransformer</c>):
/// by PostgreSQL's SQLSTATE and constraint name, and by SQLite's (extended) result codes. The store and the HTTP API
/// ask this class rather than testing exception types or reading messages themselves. Every translation is counted in
/// <c>communityfund.database.errors</c> by kind (<see cref="StoreTelemetry"/>), once per provider exception.
/// </summary>
internal static class DatabaseErrors
{
    /// <summary>The primary key of <c>ledgers</c>: the ledger already exists.</summary>
    internal const string LedgersKey = "PK_ledgers";

    /// <summary>The primary key of <c>journals</c> (ledger, sequence): another writer took the sequence.</summary>
    internal const string JournalsKey = "PK_journals";

    /// <summary>The unique index on a journal's id.</summary>
    internal const string JournalIdIndex = "ux_journals_id";

    /// <summary>The unique index on (ledger, reversal_of): the journal was already reversed.</summary>
    internal const string ReversalOfIndex = "ux_journals_reversal_of";

    /// <summary>The primary key of <c>idempotency_keys</c> (ledger, key): the key is already recorded.</summary>
    internal const string IdempotencyKeysKey = "PK_idempotency_keys";

    // SQLite primary and extended result codes (https://www.sqlite.org/rescode.html).
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteNoMemory = 7;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintTrigger = 1811;

    /// <summary>SQLite's unique violations name the index's columns (<c>table.column, ...</c>), not the index: the
    /// columns of each unique index and key of the model, mapped back to its name.</summary>
    private static readonly Dictionary<string, string> SqliteUniqueColumns = new(StringComparer.Ordinal)
    {
        ["ledgers.id"] = LedgersKey,
        ["journals.ledger_id, journals.sequence"] = JournalsKey,
        ["journals.id"] = JournalIdIndex,
        ["journals.ledger_id, journals.reversal_of"] = ReversalOfIndex,
        ["idempotency_keys.ledger_id, idempotency_keys.key"] = IdempotencyKeysKey,
    };

    /// <summary>The known unique constraints, by name, as PostgreSQL reports them (case-insensitively: identifiers
    /// may be folded).</summary>
    private static readonly HashSet<string> KnownConstraints = new(SqliteUniqueColumns.Values, StringComparer.OrdinalIgnoreCase);

    /// <summary>Translates an exception: the first exception of the chain (itself, then its inner exceptions) that the
    /// translator recognises decides.</summary>
    /// <param name="exception">A provider exception, or one wrapping it (e.g. EF Core's <c>DbUpdateException</c>).</param>
    /// <returns>The translation; <see cref="DatabaseErrorKind.Unknown"/> when nothing in the chain is recognised.</returns>
    internal static DatabaseError Classify(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var error = e switch
            {
                PostgresException postgres => FromPostgres(postgres),
                NpgsqlException npgsql => npgsql.IsTransient ? new DatabaseError(DatabaseErrorKind.Unavailable) : DatabaseError.Unknown,
                SqliteException sqlite => FromSqlite(sqlite),
                SocketException or TimeoutException or ShardUnavailableException => new DatabaseError(DatabaseErrorKind.Unavailable),
                _ => DatabaseError.Unknown,
            };
            if (error.Kind != DatabaseErrorKind.Unknown)
            {
                StoreTelemetry.DatabaseError(e, error.Kind);
                return error;
            }
        }

        StoreTelemetry.UnknownDatabaseError(exception);
        return DatabaseError.Unknown;
    }

    /// <summary>Whether the exception is (or wraps) a unique or primary-key violation.</summary>
    internal static bool IsUniqueViolation(Exception exception) => Classify(exception).Kind == DatabaseErrorKind.UniqueViolation;

    /// <summary>Whether the transaction can simply be run again: a PostgreSQL serialisation failure or deadlock.</summary>
    internal static bool IsRetryableConflict(Exception exception) => Classify(exception).Kind == DatabaseErrorKind.Conflict;

    /// <summary>Whether the database is down, unreachable, busy or lost a race (as opposed to a bug): the request can be
    /// retried as it is.</summary>
    internal static bool IsTransient(Exception exception) =>
        Classify(exception).Kind is DatabaseErrorKind.Conflict or DatabaseErrorKind.Busy or DatabaseErrorKind.Unavailable;

    private static DatabaseError FromPostgres(PostgresException postgres) => postgres.SqlState switch
    {
        PostgresErrorCodes.UniqueViolation => new DatabaseError(DatabaseErrorKind.UniqueViolation, KnownName(postgres.ConstraintName)),
        // The append-only triggers RAISE ... USING ERRCODE = 'restrict_violation' (migration AppendOnly).
        PostgresErrorCodes.RestrictViolation => new DatabaseError(DatabaseErrorKind.AppendOnlyViolation),
        PostgresErrorCodes.NotNullViolation or PostgresErrorCodes.ForeignKeyViolation or PostgresErrorCodes.CheckViolation
            or PostgresErrorCodes.ExclusionViolation or PostgresErrorCodes.IntegrityConstraintViolation
            => new DatabaseError(DatabaseErrorKind.ConstraintViolation, postgres.ConstraintName),
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected => new DatabaseError(DatabaseErrorKind.Conflict),
        // Class 57P (operator intervention: shut down, cannot connect now, ...), class 08 (connection exceptions), class
        // 53 (insufficient resources: too many connections, disk full, out of memory), class 58 (system errors), and a
        // lock or object that another session holds.
        { } state when state.StartsWith("57P", StringComparison.Ordinal) => new DatabaseError(DatabaseErrorKind.Unavailable),
        PostgresErrorCodes.ConnectionException or PostgresErrorCodes.ConnectionDoesNotExist or PostgresErrorCodes.ConnectionFailure
            or PostgresErrorCodes.SqlClientUnableToEstablishSqlConnection or PostgresErrorCodes.SqlServerRejectedEstablishmentOfSqlConnection
            or PostgresErrorCodes.TransactionResolutionUnknown
            or PostgresErrorCodes.InsufficientResources or PostgresErrorCodes.DiskFull or PostgresErrorCodes.OutOfMemory
            or PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.ConfigurationLimitExceeded
            or PostgresErrorCodes.SystemError or PostgresErrorCodes.IoError
            or PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.ObjectInUse or PostgresErrorCodes.ObjectNotInPrerequisiteState
            => new DatabaseError(DatabaseErrorKind.Unavailable),
        _ => DatabaseError.Unknown,
    };

    private static DatabaseError FromSqlite(SqliteException sqlite) => sqlite.SqliteErrorCode switch
    {
        SqliteBusy or SqliteLocked => new DatabaseError(DatabaseErrorKind.Busy),
        // The disk is full, read-only or gone, the file cannot be opened, or memory ran out: nothing was written (SQLite
        // rolls the transaction back), and the request can be retried when the operator has made room.
        SqliteIoError or SqliteFull or SqliteReadOnly or SqliteCantOpen or SqliteNoMemory => new DatabaseError(DatabaseErrorKind.Unavailable),
        SqliteConstraint => sqlite.SqliteExtendedErrorCode switch
        {
            SqliteConstraintUnique or SqliteConstraintPrimaryKey => new DatabaseError(DatabaseErrorKind.UniqueViolation, SqliteConstraintName(sqlite.Message)),
            // The append-only triggers SELECT RAISE(ABORT, ...) (migration AppendOnly); the books have no other trigger.
            SqliteConstraintTrigger => new DatabaseError(DatabaseErrorKind.AppendOnlyViolation),
            _ => new DatabaseError(DatabaseErrorKind.ConstraintViolation),
        },
        _ => DatabaseError.Unknown,
    };

    private static string? KnownName(string? constraint) =>
        constraint is not null && KnownConstraints.TryGetValue(constraint, out var known) ? known : constraint;

    /// <summary>
    /// The violated index of a SQLite unique or primary-key violation. SQLite has no constraint-name field: it reports
    /// the index only in its message, as its columns (<c>UNIQUE constraint failed: journals.ledger_id,
    /// journals.reversal_of</c>), or as <c>index 'name'</c> for an index on expressions. This is the only place the
    /// message is read; the columns are mapped back to the model's names.
    /// </summary>
    private static string? SqliteConstraintName(string message)
    {
        const string Marker = "constraint failed: ";
        var start = message.IndexOf(Marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var rest = message[(start + Marker.Length)..];
        var end = rest.IndexOf('\'', StringComparison.Ordinal);
        if (rest.StartsWith("index '", StringComparison.Ordinal))
        {
            rest = rest["index '".Length..];
            end = rest.IndexOf('\'', StringComparison.Ordinal);
            return end < 0 ? null : KnownName(rest[..end]);
        }

        var columns = (end < 0 ? rest : rest[..end]).TrimEnd('.', ' ');
        return SqliteUniqueColumns.TryGetValue(columns, out var name) ? name : null;
    }
}
