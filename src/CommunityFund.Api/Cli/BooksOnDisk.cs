using CommunityFund.Api.Security;
using CommunityFund.EntityFrameworkCore;
using NodaTime;

namespace CommunityFund.Api.Cli;

/// <summary>
/// The books a command acts on: the services the API would build from the same configuration (appsettings,
/// environment variables), without the web server. Built on first use, so <c>--help</c> touches no database; the
/// migrations are applied first when <c>Books:Migrate</c> is on.
/// </summary>
/// <param name="settings">Configuration that overrides appsettings and the environment, or none.</param>
internal sealed class BooksOnDisk(IReadOnlyDictionary<string, string?>? settings = null) : IAsyncDisposable
{
    private ServiceProvider? services;

    private bool prepared;

    /// <summary>A service of the books; the first call applies the migrations when <c>Books:Migrate</c> is on.</summary>
    /// <typeparam name="T">The service.</typeparam>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The service.</returns>
    public async Task<T> GetAsync<T>(CancellationToken cancellationToken)
        where T : notnull
    {
        if (!prepared)
        {
            // Migrations when configured, and with shards the directory's checks and load (as the API does at start).
            await Services().OpenBooksAsync(Services().GetRequiredService<ILoggerFactory>().CreateLogger("CommunityFund.Books"), cancellationToken).ConfigureAwait(false);
        }

        prepared = true;
        return Services().GetRequiredService<T>();
    }

    /// <summary>A service of the books without applying migrations: for commands that read the configuration or copy
    /// the database as it is (a backup must not migrate the database under a running API of another version).</summary>
    /// <typeparam name="T">The service.</typeparam>
    /// <returns>The service.</returns>
    public T GetAsIs<T>()
        where T : notnull => Services().GetRequiredService<T>();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync().ConfigureAwait(false);
        }
    }

    private ServiceProvider Services()
    {
        if (services is null)
        {
            var builder = WebApplication.CreateBuilder();
            builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
            // Logs go to standard error, warnings and above only: standard output carries the command's result.
            builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Services.AddSingleton<IClock>(SystemClock.Instance);
            builder.Services.AddBooks(builder.Configuration, builder.Environment);
            builder.Services.AddSingleton<ApiKeys>();
            services = builder.Services.BuildServiceProvider();
        }

        return services;
    }
}
