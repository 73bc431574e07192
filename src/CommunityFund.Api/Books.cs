using CommunityFund.Community;
using CommunityFund.Economy;
using CommunityFund.EntityFrameworkCore;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Api;

/// <summary>
/// The books behind the API. Configuration section <c>Books</c>: <c>Provider</c> = <c>Sqlite</c> (default) or
/// <c>Postgres</c>; <c>ConnectionString</c> (default: <c>communityfund.db</c> next to the app);
/// <c>Durability</c> = <c>Full</c> (default) or <c>Normal</c> for SQLite; <c>Migrate</c> (default true) applies
/// migrations at start, with a log line; <c>Demo</c> seeds the demo ledger, with its public keys, when it is missing — by default only when the host
/// environment is Development; elsewhere only when set to true, with a warning at start;
/// <c>CheckpointKeyFile</c> (default: <c>checkpoint-key.pem</c> next to the app) holds the hub's private key that signs
/// checkpoints, created (readable by the owner only) when missing; <c>CheckpointKeyRingFile</c> (default:
/// <c>checkpoint-key.keyring.json</c>, the key file's name with <c>.keyring.json</c>, next to it) keeps the public keys of
/// earlier signing keys (<c>books rotate-checkpoint-key</c>), read at start. <c>Shards</c> (<c>Shards:0:Name</c>,
/// <c>Shards:0:ConnectionString</c>, …) puts the books on several PostgreSQL servers (<see cref="ShardedLedgerStore"/>,
/// docs/scaling.md); <c>Provider</c> and <c>ConnectionString</c> are then ignored.
/// </summary>
public static class Books
{
    /// <summary>Registers the store, the posting engine and the community economy.</summary>
    public static IServiceCollection AddBooks(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection("Books");
        var shards = Shards(section);
        var provider = shards.Count > 0 ? "Postgres" : section["Provider"] ?? "Sqlite";
        var connectionString = shards.Count > 0 ? shards[0].ConnectionString
            : section["ConnectionString"] ?? $"Data Source={Path.Combine(environment.ContentRootPath, "communityfund.db")}";
        services.AddSingleton(new BooksSettings(provider, connectionString, section.GetValue("Migrate", true), section.GetValue<bool?>("Demo")) { Shards = [.. shards.Select(s => s.Name)] });
        if (shards.Count > 0)
        {
            // No EfLedgerStore is registered: whatever needs one server's store must say what it does with several.
            services.AddSingleton(sp => BooksStore.PostgresShards(shards, [Security.ApiKeys.OperatorLedger], sp.GetRequiredService<IClock>()));
            services.AddSingleton<ILedgerStore>(sp => sp.GetRequiredService<ShardedLedgerStore>());
            services.AddSingleton<IJournalLog>(sp => sp.GetRequiredService<ShardedLedgerStore>());
            services.AddSingleton<IBalanceReader>(sp => sp.GetRequiredService<ShardedLedgerStore>());
            services.AddSingleton<IRecordStore>(sp => sp.GetRequiredService<ShardedLedgerStore>());
        }
        else
        {
            var durability = Enum.TryParse<SqliteDurability>(section["Durability"], ignoreCase: true, out var d) ? d : SqliteDurability.Full;
            var store = provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase)
                ? BooksStore.Postgres(connectionString)
                : BooksStore.Sqlite(connectionString, durability);
            services.AddSingleton(store);
            services.AddSingleton<ILedgerStore>(store);
            services.AddSingleton<IJournalLog>(store);
            services.AddSingleton<IBalanceReader>(store);
            services.AddSingleton<IRecordStore>(store);
        }

        services.AddSingleton(sp => new PostingEngine(sp.GetRequiredService<ILedgerStore>(), sp.GetRequiredService<IClock>()));
        services.AddSingleton(sp => new CommunityEconomy(sp.GetRequiredService<ILedgerStore>(), sp.GetRequiredService<PostingEngine>(), sp.GetRequiredService<IClock>()));
        // One instance each; their commands run through the engine's one pipeline (ordered per ledger by its lock).
        services.AddSingleton(sp => new CommunityAgreements(sp.GetRequiredService<ILedgerStore>(), sp.GetRequiredService<PostingEngine>()));
        services.AddSingleton(sp => new FundBooks(sp.GetRequiredService<ILedgerStore>(), sp.GetRequiredService<PostingEngine>()));
        var keyFile = section["CheckpointKeyFile"] ?? Path.Combine(environment.ContentRootPath, "checkpoint-key.pem");
        services.AddSingleton(Security.CheckpointKeyFiles.For(keyFile, section["CheckpointKeyRingFile"]));
        services.AddSingleton(sp => Security.CheckpointKeyRing.LoadOrCreate(sp.GetRequiredService<Security.CheckpointKeyFiles>()));
        services.AddSingleton(sp => sp.GetRequiredService<Security.CheckpointKeyRing>().Signer);
        services.AddSingleton(sp => new Publishing.Publications(sp.GetRequiredService<ILedgerStore>(), sp.GetRequiredService<PostingEngine>(),
            sp.GetRequiredService<CommunityAgreements>(), sp.GetRequiredService<Reports.CheckpointSigner>(), sp.GetRequiredService<NodaTime.IClock>()));
        services.AddSingleton(sp => new TimeBank(sp.GetRequiredService<ILedgerStore>(), sp.GetRequiredService<PostingEngine>()));
        services.AddSingleton(sp => new DonatedServices(sp.GetRequiredService<PostingEngine>()));
        services.AddSingleton(sp => new ChartTransition(sp.GetRequiredService<ILedgerStore>(), sp.GetRequiredService<PostingEngine>()));
        return services;
    }

    /// <summary>Applies migrations (logged) and seeds the demo ledger, as configured.</summary>
    public static async Task PrepareBooksAsync(this IServiceProvider services, ILogger logger)
    {
        var settings = services.GetRequiredService<BooksSettings>();
        if (settings.Shards.Count == 0 && !settings.Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            Security.DatabaseFileMode.Secure(settings.ConnectionString, logger);
        }

        // The checkpoint key at start, not at first use: a corrupt key file, or one others may read, stops the server here.
        try
        {
            _ = services.GetRequiredService<Security.CheckpointKeyRing>();
        }
        catch (InvalidOperationException ex)
        {
            logger.LogCritical("{Reason}", ex.Message);
            throw;
        }

        await services.OpenBooksAsync(logger, CancellationToken.None);

        var development = services.GetRequiredService<IHostEnvironment>().IsDevelopment();
        if (settings.Demo ?? development)
        {
            if (!development)
            {
                logger.LogWarning("Books:Demo=true outside Development: the demo ledger's API keys are public. Never keep real books in this ledger, and turn the demo off for a real deployment.");
            }

            await DemoData.SeedAsync(services.GetRequiredService<ILedgerStore>(), services.GetRequiredService<CommunityEconomy>(),
                services.GetRequiredService<CommunityAgreements>(), services.GetRequiredService<FundBooks>(), logger);
            var keys = await DemoData.EnsureKeysAsync(services.GetRequiredService<Security.ApiKeys>());
            logger.LogInformation("Demo API keys (demo ledger only; send as X-Api-Key): {Keys}", string.Join("  ", keys.Select(k => $"{k.Role}: {k.Key}")));
        }
    }

    /// <summary>Applies the migrations when configured (on every shard when sharded) and, when sharded, checks the
    /// configuration against the ledger directory and loads it: a mismatch is logged as critical and thrown, so the
    /// API does not start.</summary>
    /// <param name="services">The services.</param>
    /// <param name="logger">Where the lines go.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public static async Task OpenBooksAsync(this IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        var settings = services.GetRequiredService<BooksSettings>();
        var sharded = services.GetService<ShardedLedgerStore>();
        if (settings.Migrate)
        {
            logger.LogInformation("Applying the {Provider} migrations of the books at {Database}.", settings.Provider,
                sharded is null ? Redact(settings.ConnectionString) : $"{sharded.Shards.Count} shards ({string.Join(", ", settings.Shards)})");
            await (sharded is null ? services.GetRequiredService<EfLedgerStore>().MigrateAsync(cancellationToken) : sharded.MigrateAsync(cancellationToken)).ConfigureAwait(false);
        }

        if (sharded is null)
        {
            return;
        }

        try
        {
            var start = await sharded.StartAsync(cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Books on {Count} shards; the directory is on {Home}; ledgers placed: {Ledgers}.", sharded.Shards.Count, start.Home,
                string.Join(", ", start.Ledgers.Select(l => $"{l.Key}={l.Value}")));
            if (start.Adopted.Count > 0)
            {
                logger.LogInformation("Ledgers found without a placement, placed where they are: {Ledgers}.", string.Join(", ", start.Adopted));
            }

            if (start.Strays.Count > 0)
            {
                logger.LogWarning("Copies of ledgers on a shard other than their placement's (never served): {Ledgers}.", string.Join(", ", start.Strays));
            }
        }
        catch (ShardConfigurationException ex)
        {
            logger.LogCritical("Refusing to start: Books:Shards does not match the ledger directory. {Problem}", ex.Message);
            throw;
        }
    }

    /// <summary>The configured shards (<c>Books:Shards:N:Name</c>, <c>Books:Shards:N:ConnectionString</c>), in order.</summary>
    private static List<(string Name, string ConnectionString)> Shards(IConfigurationSection section) =>
        [.. section.GetSection("Shards").GetChildren().OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue).Select(c => (
            c["Name"] is { Length: > 0 } name ? name : throw new InvalidOperationException($"Books:Shards:{c.Key}:Name is missing: every shard has a name, which never changes."),
            c["ConnectionString"] is { Length: > 0 } cs ? cs : throw new InvalidOperationException($"Books:Shards:{c.Key}:ConnectionString is missing.")))];

    private static string Redact(string connectionString) =>
        string.Join(';', connectionString.Split(';').Where(p => !p.TrimStart().StartsWith("Password", StringComparison.OrdinalIgnoreCase)));

    /// <summary>The books configuration.</summary>
    public sealed record BooksSettings(string Provider, string ConnectionString, bool Migrate, bool? Demo)
    {
        /// <summary>The shards' names when the books are sharded (<c>Books:Shards</c>; then <see cref="ConnectionString"/>
        /// is the first shard's), else empty.</summary>
        public IReadOnlyList<string> Shards { get; init; } = [];
    }
}
