using CommunityFund.Api;
using CommunityFund.Posting;
using CommunityFund.Storage;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(options =>
{
    options.SerializerOptions.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
    options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
});
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
