using System.CommandLine;
using CommunityFund.Api.Security;
using CommunityFund.Ledger;

namespace CommunityFund.Api.Cli;

/// <summary>
/// The server's command line, for the operator on the machine that runs the API:
/// <c>dotnet run --project src/CommunityFund.Api -- keys create-operator</c> and the other commands below. They act on
/// the books the API would use (the same <c>Books</c> configuration: appsettings, environment variables such as
/// <c>Books__ConnectionString</c>), apply the migrations first when <c>Books:Migrate</c> is on, and never seed the demo.
/// </summary>
public static class ServerCommands
{
    /// <summary>The first words that select the command line instead of the web server.</summary>
    private static readonly string[] Verbs = ["keys", "books"];

    /// <summary><c>true</c> when the arguments name a command rather than start the web server.</summary>
    /// <param name="args">The process arguments.</param>
    /// <returns>Whether <see cref="RunAsync"/> should handle them.</returns>
    public static bool Handles(string[] args) => args is [var first, ..] && Verbs.Contains(first, StringComparer.Ordinal);

    /// <summary>Parses and runs a command.</summary>
    /// <param name="args">The process arguments (starting with the command's verb).</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where errors go.</param>
    /// <param name="settings">Configuration that overrides appsettings and the environment (<c>Books:ConnectionString</c>…),
    /// or none.</param>
    /// <returns>The process exit code: 0 on success.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? settings = null)
    {
        await using var books = new BooksOnDisk(settings);
        var root = new RootCommand("CommunityFund server commands: operator keys and the books' database.");
        root.Subcommands.Add(KeysCommand(books));
        root.Subcommands.Add(BooksCommand.Create(books));
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return await root.Parse(args).InvokeAsync(configuration).ConfigureAwait(false);
    }

    private static Command KeysCommand(BooksOnDisk books)
    {
        var keys = new Command("keys", "Operator keys: the organisation that runs this server for one or many communities.");
        var name = new Option<string>("--name") { Description = "A label for the key, such as who holds it.", DefaultValueFactory = _ => "operator" };
        var create = new Command("create-operator", "Creates an operator key and prints it once; only its hash is kept.") { name };
        create.SetAction(async (parse, ct) =>
        {
            var (record, key) = await (await books.GetAsync<ApiKeys>(ct).ConfigureAwait(false)).CreateOperatorAsync(parse.GetValue(name)!, ct).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"Operator key {record.Id} ({record.Name}) created. It is shown this once; keep it safe:\n{key}").ConfigureAwait(false);
            return 0;
        });
        var id = new Argument<string>("id") { Description = "The key id (the third part of the key, also printed when it was created)." };
        var revoke = new Command("revoke-operator", "Revokes an operator key; requests with it answer 401 from then on.") { id };
        revoke.SetAction(async (parse, ct) =>
        {
            var revoked = await (await books.GetAsync<ApiKeys>(ct).ConfigureAwait(false)).RevokeOperatorAsync(parse.GetValue(id)!, ct).ConfigureAwait(false);
            var writer = revoked is null ? parse.InvocationConfiguration.Error : parse.InvocationConfiguration.Output;
            await writer.WriteLineAsync(revoked is null ? $"No operator key '{parse.GetValue(id)}'." : $"Operator key {revoked.Id} revoked at {revoked.RevokedAt}.").ConfigureAwait(false);
            return revoked is null ? 1 : 0;
        });
        var list = new Command("list-operators", "Lists the operator keys (never their secrets).");
        list.SetAction(async (parse, ct) =>
        {
            foreach (var key in await (await books.GetAsync<ApiKeys>(ct).ConfigureAwait(false)).ListAsync(ApiKeys.OperatorLedger, ct).ConfigureAwait(false))
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync($"{key.Id}\t{key.Name}\tcreated {key.CreatedAt}\t{(key.RevokedAt is { } at ? $"revoked {at}" : "active")}").ConfigureAwait(false);
            }

            return 0;
        });
        keys.Subcommands.Add(create);
        keys.Subcommands.Add(revoke);
        keys.Subcommands.Add(list);
        keys.Subcommands.Add(AdministratorCommand(books));
        return keys;
    }

    /// <summary><c>keys create-admin &lt;ledger&gt;</c>: a new hub-administrator key for a ledger, for the operator to hand
    /// over when the first one was lost before it was stored (it is shown once, and only its hash is kept).</summary>
    private static Command AdministratorCommand(BooksOnDisk books)
    {
        var ledger = new Argument<string>("ledger") { Description = "The ledger's id." };
        var name = new Option<string>("--name") { Description = "A label for the key, such as who holds it.", DefaultValueFactory = _ => "hub administrator" };
        var create = new Command("create-admin", "Creates a hub-administrator key for a ledger (for a lost first key) and prints it once.") { ledger, name };
        create.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration;
            if (!LedgerId.TryFrom(parse.GetValue(ledger), out var id) || id == ApiKeys.OperatorLedger || id == EntityFrameworkCore.ShardedLedgerStore.DirectoryLedger)
            {
                await output.Error.WriteLineAsync($"'{parse.GetValue(ledger)}' is not a ledger id.").ConfigureAwait(false);
                return 1;
            }

            var (result, key) = await (await books.GetAsync<ApiKeys>(ct).ConfigureAwait(false)).CreateAsync(id, ApiRole.HubAdmin, null, parse.GetValue(name)!, null, ct).ConfigureAwait(false);
            if (result.Value is not { } record || key is null)
            {
                await output.Error.WriteLineAsync($"No key created: {string.Join(" ", result.Errors.Select(e => e.Message))}").ConfigureAwait(false);
                return 1;
            }

            await output.Output.WriteLineAsync($"Hub-administrator key {record.Id} ({record.Name}) for ledger '{id}' created. It is shown this once; hand it over safely:\n{key}").ConfigureAwait(false);
            return 0;
        });
        return create;
    }
}
