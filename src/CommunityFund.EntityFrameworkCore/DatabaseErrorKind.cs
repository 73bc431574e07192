namespace CommunityFund.EntityFrameworkCore;

/// <summary>What a database error means to the books, whichever provider raised it.</summary>
internal enum DatabaseErrorKind
{
    /// <summary>Not an error this translator knows: let it propagate.</summary>
    Unknown,

    /// <summary>A row collided with a unique index or primary key (<see cref="DatabaseError.Constraint"/> names it when
    /// known).</summary>
    UniqueViolation,

    /// <summary>An update, delete or truncate of an append-only table was refused by its trigger.</summary>
    AppendOnlyViolation,

    /// <summary>Another integrity constraint (not null, check, foreign key) failed: a bug, not a race.</summary>
    ConstraintViolation,

    /// <summary>The transaction lost a race it can win on a second try (PostgreSQL serialisation failure or deadlock):
    /// nothing was written.</summary>
    Conflict,

    /// <summary>The database file is busy or locked by another connection (SQLite).</summary>
    Busy,

    /// <summary>The database cannot be reached or is shutting down, out of resources or connections.</summary>
    Unavailable,
}
