using Microsoft.EntityFrameworkCore;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>The books on PostgreSQL, with NodaTime's native mapping (date, timestamptz).</summary>
public sealed class PostgresBooksDbContext : BooksDbContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="options">The options.</param>
    public PostgresBooksDbContext(DbContextOptions<PostgresBooksDbContext> options)
        : base(options)
    {
    }

    /// <inheritdoc />
    /// <remarks>What PostgreSQL stores in bytes where SQLite stores a BLOB in a column of TEXT affinity (issue 20, ADR
    /// 0035): a record's JSON (<see cref="StoredJson"/>: compressed, or the text's format byte and UTF-8), and the hashes,
    /// the callers' keys and the source references (<see cref="PackedText"/>: a canonical UUID its 16 bytes, a canonical
    /// hash its 32, any other text a zero byte and its UTF-8).</remarks>
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        var documents = modelBuilder.Entity<DocumentRow>();
        documents.Property(x => x.Json).HasColumnType("bytea").HasConversion(json => StoredJson.WriteBytes(json), bytes => StoredJson.Read(bytes));
        Packed(documents.Property(x => x.Key));
        var keys = modelBuilder.Entity<IdempotencyRow>();
        Packed(keys.Property(x => x.Key));
        Packed(keys.Property(x => x.RequestHash));
        var journals = modelBuilder.Entity<JournalRow>();
        Packed(journals.Property(x => x.Hash));
        Packed(journals.Property(x => x.PreviousHash));
        Packed(journals.Property(x => x.RequestHash));
        Packed(journals.Property(x => x.IdempotencyKey));
        Packed(journals.Property(x => x.SourceReference));
        // Issue 20 (ADR 0038): a journal's lines are arrays in its own row (line_accounts, line_sets, line_amounts, declared
        // in SQL by the migration LinesInJournals, like the GIN index and the reference trigger); journal_lines is a view
        // that unnests them, with the table's columns, for readers and auditors.
        modelBuilder.Entity<LineRow>().ToTable((string?)null).ToView("journal_lines");
    }

    /// <summary>A text column stored as <see cref="PackedText"/>.</summary>
    private static void Packed(Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder property) =>
        property.HasColumnType("bytea").HasConversion(PackedConverter);

    private static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<string, byte[]> PackedConverter =
        new(text => PackedText.Write(text), bytes => PackedText.Read(bytes));
}
