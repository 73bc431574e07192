namespace CommunityFund.EntityFrameworkCore;

/// <summary>A translated database error.</summary>
/// <param name="Kind">What it means.</param>
/// <param name="Constraint">The unique index or primary key that was violated, by the name the model gives it (one of
/// the <see cref="DatabaseErrors"/> constants when the translator knows it), or null.</param>
internal readonly record struct DatabaseError(DatabaseErrorKind Kind, string? Constraint = null)
{
    internal static readonly DatabaseError Unknown = new(DatabaseErrorKind.Unknown);
}
