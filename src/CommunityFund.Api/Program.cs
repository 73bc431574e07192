using CommunityFund.Api;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddProblemDetails();
builder.Services.AddEndpointsApiExplorer();
builder.Services.AddSwaggerGen();
builder.Services.AddSingleton<IClock>(SystemClock.Instance);
builder.Services.AddSingleton<ILedgerStore, InMemoryLedgerStore>();
builder.Services.AddSingleton<PostingEngine>();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSwagger();
app.UseSwaggerUI();

await DemoData.SeedAsync(app.Services.GetRequiredService<ILedgerStore>(), app.Services.GetRequiredService<PostingEngine>(), app.Logger);

app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" }))
    .WithName("Health")
    .WithSummary("Liveness check.");
app.MapLedgerReads();

app.Run();

/// <summary>The API host; public so integration tests can start it.</summary>
public partial class Program;
