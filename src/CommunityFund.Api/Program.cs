using CommunityFund.Api;
using CommunityFund.Api.Cli;
using CommunityFund.Api.Infrastructure;

var arenas = MallocArenas.Limit();
if (ServerCommands.Handles(args))
{
    return await ServerCommands.RunAsync(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddCommunityFundApi();

var app = builder.Build();
app.UseCommunityFundApi();
app.Logger.LogInformation("glibc malloc arenas: {Arenas}", MallocArenas.Describe(arenas));
await app.Services.PrepareBooksAsync(app.Logger);
app.MapCommunityFundApi();
await app.RunAsync();
return 0;

/// <summary>The API host; public so integration tests can start it.</summary>
public partial class Program;
