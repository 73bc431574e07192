using CommunityFund.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddCommunityFundApi();

var app = builder.Build();
app.UseCommunityFundApi();
await app.Services.PrepareBooksAsync(app.Logger);
app.MapCommunityFundApi();
app.Run();

/// <summary>The API host; public so integration tests can start it.</summary>
public partial class Program;
