using System.Net.Sockets;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>The database error translator, on the exception shapes each provider raises (built by their public
/// constructors, no database needed).</summary>
public class DatabaseErrorsTests
{
    private static PostgresException Postgres(string sqlState, string? constraint = null) =>
        new("message text", "ERROR", "ERROR", sqlState, constraintName: constraint);

    private static SqliteException Sqlite(int code, int extended, string message = "SQLite Error") => new(message, code, extended);

    [Theory]
    [InlineData(13, "database or disk is full")]
    [InlineData(8, "attempt to write a readonly database")]
    [InlineData(14, "unable to open database file")]
    [InlineData(10, "disk I/O error")]
    [InlineData(7, "out of memory")]
    public void Sqlite_AFullReadOnlyOrMissingDisk_IsUnavailable_AndTransient(int code, string message)
    {
        var exception = Sqlite(code, code, message);

        Assert.Equal(DatabaseErrorKind.Unavailable, DatabaseErrors.Classify(exception).Kind);
        Assert.True(DatabaseErrors.IsTransient(exception));
    }

    [Fact]
    public void Postgres_UniqueViolationOnTheReversalIndex_IsAUniqueViolationOfThatIndex()
    {
        var error = DatabaseErrors.Classify(Postgres(PostgresErrorCodes.UniqueViolation, "ux_journals_reversal_of"));

        Assert.Equal(new DatabaseError(DatabaseErrorKind.UniqueViolation, DatabaseErrors.ReversalOfIndex), error);
    }

    [Fact]
    public void Postgres_UniqueViolationOnTheIdempotencyKey_IsNamedByTheModelsName_WhateverTheCase()
    {
        var error = DatabaseErrors.Classify(Postgres(PostgresErrorCodes.UniqueViolation, "pk_idempotency_keys"));

        Assert.Equal(new DatabaseError(DatabaseErrorKind.UniqueViolation, DatabaseErrors.IdempotencyKeysKey), error);
    }

    [Fact]
    public void Postgres_UniqueViolationOfAnUnknownConstraint_KeepsItsName()
    {
        var error = DatabaseErrors.Classify(Postgres(PostgresErrorCodes.UniqueViolation, "ux_something_else"));

        Assert.Equal(new DatabaseError(DatabaseErrorKind.UniqueViolation, "ux_something_else"), error);
    }

    [Fact]
    public void Postgres_TheAppendOnlyTriggersRestrictViolation_IsAnAppendOnlyViolation() =>
        Assert.Equal(DatabaseErrorKind.AppendOnlyViolation, DatabaseErrors.Classify(Postgres(PostgresErrorCodes.RestrictViolation)).Kind);

    [Theory]
    [InlineData(PostgresErrorCodes.NotNullViolation)]
    [InlineData(PostgresErrorCodes.ForeignKeyViolation)]
    [InlineData(PostgresErrorCodes.CheckViolation)]
    public void Postgres_OtherIntegrityViolations_AreConstraintViolations_NotUniqueOnes(string sqlState) =>
        Assert.Equal(DatabaseErrorKind.ConstraintViolation, DatabaseErrors.Classify(Postgres(sqlState)).Kind);

    [Theory]
    [InlineData(PostgresErrorCodes.SerializationFailure)]
    [InlineData(PostgresErrorCodes.DeadlockDetected)]
    public void Postgres_SerialisationFailureAndDeadlock_AreRetryableConflicts(string sqlState)
    {
        Assert.True(DatabaseErrors.IsRetryableConflict(Postgres(sqlState)));
        Assert.True(DatabaseErrors.IsTransient(Postgres(sqlState)));
    }

    [Theory]
    [InlineData(PostgresErrorCodes.AdminShutdown)]
    [InlineData(PostgresErrorCodes.CrashShutdown)]
    [InlineData(PostgresErrorCodes.CannotConnectNow)]
    [InlineData(PostgresErrorCodes.TooManyConnections)]
    [InlineData(PostgresErrorCodes.ConnectionFailure)]
    public void Postgres_ShutdownsConnectionFailuresAndTooManyConnections_AreUnavailable_NotRetriedInTheStore(string sqlState)
    {
        Assert.Equal(DatabaseErrorKind.Unavailable, DatabaseErrors.Classify(Postgres(sqlState)).Kind);
        Assert.False(DatabaseErrors.IsRetryableConflict(Postgres(sqlState)));
    }

    [Fact]
    public void Postgres_EveryKnownSqlState_IsTransientExactlyWhenNpgsqlSaysSo_OrItIsAnOperatorIntervention()
    {
        // Parity with the checks the API made before the translator: NpgsqlException.IsTransient, or SQLSTATE 57P*.
        var states = typeof(PostgresErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).Distinct().ToList();
        Assert.NotEmpty(states);
        foreach (var state in states)
        {
            var exception = Postgres(state);
            var before = exception.IsTransient || state.StartsWith("57P", StringComparison.Ordinal);
            Assert.True(before == DatabaseErrors.IsTransient(exception), $"{state}: before {before}, now {!before}");
        }
    }

    [Fact]
    public void Postgres_ASyntaxError_IsUnknown() =>
        Assert.Equal(DatabaseError.Unknown, DatabaseErrors.Classify(Postgres(PostgresErrorCodes.SyntaxError)));

    [Fact]
    public void Npgsql_AConnectionErrorWithoutSqlState_IsUnavailable_WhenNpgsqlCallsItTransient()
    {
        var exception = new NpgsqlException("Exception while connecting", new SocketException((int)SocketError.ConnectionRefused));

        Assert.Equal(DatabaseErrorKind.Unavailable, DatabaseErrors.Classify(exception).Kind);
    }

    [Fact]
    public void Npgsql_ANonTransientErrorWithoutSqlState_IsUnknown() =>
        Assert.Equal(DatabaseError.Unknown, DatabaseErrors.Classify(new NpgsqlException("broken")));

    [Fact]
    public void Sqlite_UniqueViolationOfTheReversalIndex_IsMappedFromItsColumnsToTheIndexName()
    {
        var exception = Sqlite(19, 2067, "SQLite Error 19: 'UNIQUE constraint failed: journals.ledger_id, journals.reversal_of'.");

        Assert.Equal(new DatabaseError(DatabaseErrorKind.UniqueViolation, DatabaseErrors.ReversalOfIndex), DatabaseErrors.Classify(exception));
    }

    [Fact]
    public void Sqlite_PrimaryKeyViolationOfTheIdempotencyKeys_IsMappedToTheKeysName()
    {
        var exception = Sqlite(19, 1555, "SQLite Error 19: 'UNIQUE constraint failed: idempotency_keys.ledger_id, idempotency_keys.key'.");

        Assert.Equal(new DatabaseError(DatabaseErrorKind.UniqueViolation, DatabaseErrors.IdempotencyKeysKey), DatabaseErrors.Classify(exception));
    }

    [Fact]
    public void Sqlite_PrimaryKeyViolationOfAJournalSequence_IsTheJournalsKey()
    {
        var exception = Sqlite(19, 1555, "SQLite Error 19: 'UNIQUE constraint failed: journals.ledger_id, journals.sequence'.");

        Assert.Equal(new DatabaseError(DatabaseErrorKind.UniqueViolation, DatabaseErrors.JournalsKey), DatabaseErrors.Classify(exception));
    }

    [Fact]
    public void Sqlite_UniqueViolationOfAnIndexOnExpressions_IsNamedByTheIndexItReports()
    {
        var exception = Sqlite(19, 2067, "SQLite Error 19: 'UNIQUE constraint failed: index 'ux_journals_id''.");

        Assert.Equal(new DatabaseError(DatabaseErrorKind.UniqueViolation, DatabaseErrors.JournalIdIndex), DatabaseErrors.Classify(exception));
    }

    [Fact]
    public void Sqlite_UniqueViolationOfUnknownColumns_HasNoConstraintName()
    {
        var exception = Sqlite(19, 2067, "SQLite Error 19: 'UNIQUE constraint failed: other.a, other.b'.");

        Assert.Equal(new DatabaseError(DatabaseErrorKind.UniqueViolation), DatabaseErrors.Classify(exception));
    }

    [Fact]
    public void Sqlite_ATriggerRaise_IsAnAppendOnlyViolation_ByItsExtendedCodeNotItsMessage() =>
        Assert.Equal(DatabaseErrorKind.AppendOnlyViolation, DatabaseErrors.Classify(Sqlite(19, 1811, "anything at all")).Kind);

    [Theory]
    [InlineData(1299)] // SQLITE_CONSTRAINT_NOTNULL
    [InlineData(275)] // SQLITE_CONSTRAINT_CHECK
    [InlineData(787)] // SQLITE_CONSTRAINT_FOREIGNKEY
    public void Sqlite_OtherConstraintFailures_AreConstraintViolations_NotUniqueOnes(int extended) =>
        Assert.Equal(DatabaseErrorKind.ConstraintViolation, DatabaseErrors.Classify(Sqlite(19, extended, "UNIQUE constraint failed: journals.id")).Kind);

    [Theory]
    [InlineData(5, 5)] // SQLITE_BUSY
    [InlineData(5, 261)] // SQLITE_BUSY_RECOVERY
    [InlineData(6, 6)] // SQLITE_LOCKED
    public void Sqlite_BusyAndLocked_AreBusy_AndTransient_ButNotRetriedAsConflicts(int code, int extended)
    {
        Assert.Equal(DatabaseErrorKind.Busy, DatabaseErrors.Classify(Sqlite(code, extended)).Kind);
        Assert.True(DatabaseErrors.IsTransient(Sqlite(code, extended)));
        Assert.False(DatabaseErrors.IsRetryableConflict(Sqlite(code, extended)));
    }

    [Fact]
    public void Sqlite_AnIoError_IsUnavailable() =>
        Assert.Equal(DatabaseErrorKind.Unavailable, DatabaseErrors.Classify(Sqlite(10, 266)).Kind);

    [Fact]
    public void Sqlite_AnotherError_IsUnknown() =>
        Assert.Equal(DatabaseError.Unknown, DatabaseErrors.Classify(Sqlite(1, 1, "SQLite Error 1: 'no such table: x'.")));

    [Fact]
    public void AnEfCoreUpdateException_IsTranslatedByTheProviderExceptionItWraps()
    {
        var exception = new DbUpdateException("An error occurred while saving", Postgres(PostgresErrorCodes.UniqueViolation, "PK_ledgers"));

        Assert.Equal(new DatabaseError(DatabaseErrorKind.UniqueViolation, DatabaseErrors.LedgersKey), DatabaseErrors.Classify(exception));
    }

    [Fact]
    public void TheFirstRecognisedExceptionOfTheChain_Decides_PastUnrecognisedWrappers()
    {
        var exception = new InvalidOperationException("outer", new NpgsqlException("not transient", new TimeoutException()));

        Assert.Equal(DatabaseErrorKind.Unavailable, DatabaseErrors.Classify(exception).Kind);
    }

    [Fact]
    public void SocketAndTimeoutExceptions_AreUnavailable()
    {
        Assert.True(DatabaseErrors.IsTransient(new SocketException((int)SocketError.ConnectionReset)));
        Assert.True(DatabaseErrors.IsTransient(new TimeoutException()));
    }

    [Fact]
    public void AnExceptionFromElsewhere_IsUnknown()
    {
        Assert.Equal(DatabaseError.Unknown, DatabaseErrors.Classify(new InvalidOperationException("x")));
        Assert.Equal(DatabaseError.Unknown, DatabaseErrors.Classify(null));
    }

    [Fact]
    public void TheNamesTheTranslatorMapsTo_AreTheModelsUniqueIndexAndKeyNames_OnTheColumnsItMapsFrom()
    {
        var options = new DbContextOptionsBuilder<SqliteBooksDbContext>().UseSqlite("Data Source=:memory:").Options;
        using var context = new SqliteBooksDbContext(options);
        var unique = context.Model.GetEntityTypes()
            .SelectMany(entity => entity.GetKeys().Select(k => (Name: k.GetName(), Table: entity.GetTableName()!, k.Properties))
                .Concat(entity.GetIndexes().Where(i => i.IsUnique).Select(i => (Name: i.GetDatabaseName(), Table: entity.GetTableName()!, i.Properties))))
            .ToDictionary(u => u.Name!, u => string.Join(", ", u.Properties.Select(p => $"{u.Table}.{p.GetColumnName()}")), StringComparer.Ordinal);

        Assert.Equal("ledgers.id", unique[DatabaseErrors.LedgersKey]);
        Assert.Equal("journals.ledger_id, journals.sequence", unique[DatabaseErrors.JournalsKey]);
        Assert.Equal("journals.id", unique[DatabaseErrors.JournalIdIndex]);
        Assert.Equal("journals.ledger_id, journals.reversal_of", unique[DatabaseErrors.ReversalOfIndex]);
        Assert.Equal("idempotency_keys.ledger_id, idempotency_keys.key", unique[DatabaseErrors.IdempotencyKeysKey]);
    }
}
