using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityFund.Api.Tests.Refusals;

/// <summary>What an error-code scenario drives: the real API on the demo ledger, shared by the scenarios that only add
/// to it, and applications of their own for the scenarios that need other settings or a failing service.</summary>
public sealed class ScenarioHost : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    /// <summary>The shared demo application.</summary>
    public ApiApplication Demo { get; } = new();

    /// <summary>The hub administrator of the demo ledger.</summary>
    public HttpClient Admin => Demo.Client(ApiApplication.Admin);

    /// <summary>A client of the demo application sending <paramref name="key"/>.</summary>
    public HttpClient As(string? key) => Demo.Client(key);

    /// <summary>An application of the scenario's own, with its settings and, optionally, services replaced
    /// (<c>ConfigureTestServices</c>); disposed with the host.</summary>
    public ApiApplication Own(Dictionary<string, string?>? settings = null)
    {
        var app = new ApiApplication(settings);
        _owned.Add(app);
        return app;
    }

    /// <summary>A client of an application of the scenario's own whose services are changed by <paramref name="services"/>.</summary>
    public HttpClient OwnWith(Action<IServiceCollection> services, string? key)
    {
        var factory = Own().WithWebHostBuilder(builder => builder.ConfigureTestServices(services));
        _owned.Add(factory);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    /// <summary>An operator key of the demo application.</summary>
    public async Task<HttpClient> OperatorAsync() => Demo.Client(await Demo.OperatorKeyAsync());

    /// <summary>POSTs a file (an import or a statement) with an idempotency key.</summary>
    public static Task<HttpResponseMessage> PostFileAsync(HttpClient client, string path, byte[] bytes, string mediaType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } } };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return client.SendAsync(request);
    }

    /// <summary>POSTs a UTF-8 CSV file.</summary>
    public static Task<HttpResponseMessage> PostCsvAsync(HttpClient client, string path, string csv) =>
        PostFileAsync(client, path, Encoding.UTF8.GetBytes(csv), "text/csv");

    /// <summary>The id (a string) of the JSON a response answered.</summary>
    public static async Task<string> IdAsync(HttpResponseMessage response) =>
        (await response.JsonAsync()).GetProperty("id").GetString() ?? throw new InvalidOperationException("The answer has no id.");

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }

        Demo.Dispose();
    }
}
