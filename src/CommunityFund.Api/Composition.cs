using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using CommunityFund.Api.Apis;
using CommunityFund.Api.Pages;
using CommunityFund.Api.Pages.Public;
using CommunityFund.Api.Pages.Trustees;
using CommunityFund.Api.Security;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.OpenApi;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace CommunityFund.Api;

/// <summary>The composition root: services, middleware and routes.</summary>
public static class Composition
{
    /// <summary>The largest request body accepted.</summary>
    public const long MaxRequestBytes = 1_048_576;

    /// <summary>Registers everything the API needs.</summary>
    public static WebApplicationBuilder AddCommunityFundApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBytes);
        services.AddProblemDetails();
        services.AddExceptionHandler<RequestExceptionHandler>();
        // A value the binder cannot read throws (and is answered request.malformed by RequestExceptionHandler) in every
        // environment, not only in Development, where ASP.NET Core turns this on by default.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));
        services.AddSingleton<IClock>(SystemClock.Instance);
        services.AddBooks(builder.Configuration, builder.Environment);
        services.AddTelemetry(builder.Configuration);
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<ScanGate>();
        services.AddSingleton<FailedAuthentications>();
        AddWebhooks(services, builder.Configuration);
        services.AddSingleton<Imports.Statements.BankMappings>();
        services.AddScoped<LedgerScope>();
        services.AddSingleton<KnownLedgers>();
        services.AddValidatorsFromAssemblyContaining<CreateSaleValidator>(ServiceLifetime.Singleton);
        ValidationLanguage.Install();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Read, p => p.RequireRole(nameof(ApiRole.HubAdmin), nameof(ApiRole.Provider), nameof(ApiRole.Trustee)))
            .AddPolicy(Policies.Write, p => p.RequireRole(nameof(ApiRole.HubAdmin), nameof(ApiRole.Provider)))
            .AddPolicy(Policies.Admin, p => p.RequireRole(nameof(ApiRole.HubAdmin)))
            .AddPolicy(Policies.Audit, p => p.RequireRole(nameof(ApiRole.HubAdmin), nameof(ApiRole.Trustee)))
            .AddPolicy(Policies.Operator, p => p.RequireRole(nameof(ApiRole.Operator)));
        AddRateLimits(services, builder.Configuration.GetValue("Api:RequestsPerMinutePerKey", 1_200), builder.Configuration.GetValue("Api:ExpensiveReadsPerMinutePerKey", 20));
        services.AddPages(builder.Configuration);
        services.AddHttpLogging(logging =>
        {
            // Method, path, status and duration only: never headers (API keys) or bodies.
            logging.LoggingFields = Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.RequestMethod | Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.RequestPath
                | Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.ResponseStatusCode | Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.Duration;
            logging.CombineLogs = true;
        });
        services.AddEndpointsApiExplorer();
        var showDemoKey = builder.Environment.IsDevelopment() || builder.Configuration.GetValue("Books:Demo", false);
        services.AddSwaggerGen(swagger => ConfigureSwagger(swagger, builder.Configuration, showDemoKey));
        return builder;
    }

    /// <summary>The change feed and the webhook delivery service (docs/webhooks.md).</summary>
    private static void AddWebhooks(IServiceCollection services, IConfiguration configuration)
    {
        var settings = Webhooks.WebhookSettings.From(configuration);
        services.AddSingleton(settings);
        services.AddSingleton<Webhooks.ChangeFeed>();
        services.AddSingleton<Webhooks.WebhookSubscriptions>();
        services.AddSingleton<Webhooks.WebhookTargets>();
        services.AddSingleton<Webhooks.WebhookSender>();
        services.AddSingleton<Webhooks.WebhookLogRetention>();
        // No redirects: a receiver cannot bounce a delivery to another address (this server, say).
        services.AddHttpClient(Webhooks.WebhookSettings.HttpClientName, client => client.Timeout = settings.Timeout + TimeSpan.FromSeconds(5))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddHostedService<Webhooks.WebhookDelivery>();
    }

    /// <summary>The rate-limit policy of the reads that rescan the whole ledger per call (verification, audit,
    /// checkpoint): a separate, stricter window per API key (<c>Api:ExpensiveReadsPerMinutePerKey</c>, default 20).</summary>
    public const string ExpensiveReads = "expensive-reads";

    /// <summary>A fixed window of requests per minute per authenticated API key (per client address without one), and
    /// the stricter <see cref="ExpensiveReads"/> window on the reads that rescan the ledger.</summary>
    private static void AddRateLimits(IServiceCollection services, int permitsPerMinute, int expensivePerMinute)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                RateLimitPartition.GetFixedWindowLimiter(
                    // By the authenticated key (a wrong key gets no bucket of its own: failures are limited by FailedAuthentications),
                    // else by the client's address.
                    http.User.FindFirst(ApiKeyAuthenticationHandler.KeyClaim)?.Value is { Length: > 0 } id
                        ? "key:" + http.User.FindFirst(ApiKeyAuthenticationHandler.LedgerClaim)?.Value + ":" + id
                        : "ip:" + http.Connection.RemoteIpAddress,
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            // By the authenticated key only: a request without one is answered 401 by authorisation, and failed
            // authentications have their own limit.
            limiter.AddPolicy(ExpensiveReads, http =>
                http.User.FindFirst(ApiKeyAuthenticationHandler.KeyClaim)?.Value is { Length: > 0 } id
                    ? RateLimitPartition.GetFixedWindowLimiter("key:" + http.User.FindFirst(ApiKeyAuthenticationHandler.LedgerClaim)?.Value + ":" + id,
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = expensivePerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("unauthenticated"));
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
                var expensive = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>()?.PolicyName == ExpensiveReads;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, ApiErrorCodes.RateLimitExceeded, expensive
                    ? $"Too many verifications, audits or checkpoints for this key (each rescans the ledger: {expensivePerMinute} a minute); retry after {retryAfter} s."
                    : $"Too many requests for this key; retry after {retryAfter} s.");
            };
        });
    }

    /// <summary>The OpenAPI document: the API key scheme, the problem codes per operation, and the value types' schemas.</summary>
    private static void ConfigureSwagger(Swashbuckle.AspNetCore.SwaggerGen.SwaggerGenOptions swagger, IConfiguration configuration, bool showDemoKey)
    {
        swagger.SwaggerDoc("v1", new OpenApiInfo
        {
            Title = "CommunityFund API",
            Version = "v1",
            Description = "Double-entry books for a community's social economy: sales and their 70/25/5 distribution, settlements, journals and audits. " +
                "Authenticate with an API key in the X-Api-Key header. Money is { \"amount\": \"12.34\", \"currency\": \"CNY\" }; dates are yyyy-MM-dd. " +
                "Every POST that creates something needs an Idempotency-Key header. Errors are RFC 9457 problem details with a stable 'code'.",
            Contact = new OpenApiContact
            {
                Name = configuration["Api:Contact:Name"] ?? "The operator of this CommunityFund server",
                Email = configuration["Api:Contact:Email"],
                Url = Uri.TryCreate(configuration["Api:Contact:Url"], UriKind.Absolute, out var url) ? url : null,
            },
        });
        swagger.AddSecurityDefinition(ApiKeyAuthenticationHandler.SchemeName, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationHandler.Header,
            // The demo's public key as the example only where the demo is (Development, or Books:Demo=true).
            Description = showDemoKey
                ? "An API key such as cf_demo_admin_demo-hub-admin (the demo keys are printed at start)."
                : "An API key, cf_{ledger}_{id}_{secret}, as the hub administrator created it (shown once).",
        });
        swagger.AddSecurityRequirement(document => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [] });
        OpenApiSchemas.Register(swagger);
        swagger.OperationFilter<OpenApiDocumentation>();
        swagger.OperationFilter<OpenApiProblems>();
        swagger.DocumentFilter<OpenApiProblems>();
    }

    /// <summary>The JSON rules at the boundary: camelCase, enums as camelCase strings only, unknown members refused.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.MaxDepth = 32;
    }

    /// <summary>The middleware pipeline.</summary>
    public static WebApplication UseCommunityFundApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Before anything reads the client's address: a configured proxy's X-Forwarded-For (docs/operations.md).
        app.UseTrustedProxies();
        // First: every problem of the request, wherever it is written, is in the language the request prefers.
        app.UseProblemLanguage();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment() && app.Configuration.GetValue("Api:Hsts", false))
        {
            // Only behind TLS (docs/operations.md): browsers then refuse plain HTTP to this host for the max-age.
            app.UseHsts();
        }

        app.UseHttpLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages(context => AnswerEmptyStatusAsync(context.HttpContext));
        var importLimit = app.Configuration.GetValue(Imports.ImportBody.SettingKey, Imports.ImportBody.DefaultMaxBytes);
        app.Use(async (context, next) =>
        {
            // Kestrel also enforces MaxRequestBodySize while streaming; this answers early, in every host, when the length is declared.
            // The file imports have their own, larger limit and stream their body; every other body is buffered (1 MiB at most).
            var (limit, streams) = Imports.ImportBody.LimitFor(context, importLimit);
            if (context.Request.ContentLength > limit)
            {
                await ApiProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ApiErrorCodes.TooLarge, $"The body is larger than {limit} bytes.");
                return;
            }

            if (streams)
            {
                Imports.ImportBody.Allow(context, limit);
            }
            else if (HttpMethods.IsPost(context.Request.Method))
            {
                context.Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: MaxRequestBytes);
            }

            await next();
        });
        UseOpenApiDocument(app);
        app.UsePages();
        // Everything after this is deny-by-default.
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>The OpenAPI document is public (the contract, no secrets); Swagger UI only in Development or with
    /// <c>Api:SwaggerUi=true</c>. The document's server is the configured public address (behind a reverse proxy), else
    /// the address the document was asked at.</summary>
    private static void UseOpenApiDocument(WebApplication app)
    {
        var publicUrl = app.Configuration["Api:PublicUrl"];
        app.UseSwagger(options => options.PreSerializeFilters.Add((document, request) =>
            document.Servers = [new OpenApiServer { Url = publicUrl ?? $"{request.Scheme}://{request.Host.Value}{request.PathBase}", Description = "This CommunityFund server" }]));
        if (app.Environment.IsDevelopment() || app.Configuration.GetValue("Api:SwaggerUi", false))
        {
            app.UseSwaggerUI();
        }
    }

    /// <summary>The routes.</summary>
    public static WebApplication MapCommunityFundApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealth();
        app.MapLedgerDirectory();
        app.MapMetrics();
        app.MapPublicPages();
        app.MapTrusteesPage();
        var ledger = app.MapGroup("/ledgers/{ledgerId}").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound).RequireLedgerScope();
        ledger.MapLedgers().MapPackages().MapPolicies().MapSales().MapSettlements().MapJournals().MapReports().MapStatements().MapKeys().MapTimeBank().MapDonatedServices().MapAgreements().MapFund().MapAudit().MapImports().MapReconciliation().MapPaymentStatements().MapEvents().MapWebhooks().MapPublications();
        return app;
    }

    /// <summary>The database is down, unreachable or busy (as opposed to a bug): the request can be retried as it is.
    /// The store's translator decides, by SQLSTATE and SQLite result code.</summary>
    private static bool IsStorageUnavailable(Exception exception) => CommunityFund.EntityFrameworkCore.DatabaseErrors.IsTransient(exception);

    /// <summary>Whether a POST, PUT or PATCH came without a body (so a handler that binds one cannot run).</summary>
    private static bool HasNoBody(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
        && (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any()));

    /// <summary>A problem for a status answered without a body: a 400 of the binder names the values it could not read
    /// (see <see cref="Infrastructure.UnreadableParameters"/>); any other status its code.</summary>
    private static Task AnswerEmptyStatusAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var unreadable = status == StatusCodes.Status400BadRequest ? Infrastructure.UnreadableParameters.Find(context) : [];
        if (unreadable.Count > 0)
        {
            return ApiProblems.Problem(status, ApiErrorCodes.Malformed, string.Join(" ", unreadable.Values.SelectMany(v => v)), unreadable).ExecuteAsync(context);
        }

        var code = status switch
        {
            StatusCodes.Status404NotFound => ApiErrorCodes.RouteNotFound,
            StatusCodes.Status405MethodNotAllowed => ApiErrorCodes.MethodNotAllowed,
            StatusCodes.Status413PayloadTooLarge => ApiErrorCodes.TooLarge,
            StatusCodes.Status415UnsupportedMediaType => ApiErrorCodes.UnsupportedMediaType,
            _ => ApiErrorCodes.Failed,
        };
        return ApiProblems.WriteAsync(context, status, code, "The request could not be served: " + ReasonPhrases(status));
    }

    private static string ReasonPhrases(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    /// <summary>Maps malformed requests (bad JSON, wrong types, unknown members, too large) to 400/413 problems, and an
    /// unreachable database to 503.</summary>
    private sealed class RequestExceptionHandler(ILogger<RequestExceptionHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            var (status, code, detail) = exception switch
            {
                BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (413, ApiErrorCodes.TooLarge,
                    $"The body is larger than {httpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? MaxRequestBytes} bytes."),
                BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } => (415, ApiErrorCodes.UnsupportedMediaType, "Send the body as application/json."),
                BadHttpRequestException bad when bad.InnerException is JsonException json => (400, ApiErrorCodes.MalformedJson, "The body is not valid JSON for this request: " + json.Message),
                BadHttpRequestException when HasNoBody(httpContext.Request) => (400, ApiErrorCodes.BodyRequired, "A JSON body is required."),
                BadHttpRequestException bad => (bad.StatusCode, ApiErrorCodes.Malformed, bad.Message),
                JsonException json => (400, ApiErrorCodes.MalformedJson, "The body is not valid JSON for this request: " + json.Message),
                _ when IsStorageUnavailable(exception) => (503, ApiErrorCodes.StorageUnavailable,
                    "The books' database cannot be reached; nothing was written that was not acknowledged. Retry with the same Idempotency-Key."),
                // Anything else is a fault of the server: logged, and answered as a problem with a code too.
                _ => (500, ApiErrorCodes.Failed, $"The request failed on the server; it was logged with trace id {httpContext.TraceIdentifier}."),
            };
            if (status == 500)
            {
                logger.LogError(exception, "{Method} {Path} failed (trace id {TraceId}).", httpContext.Request.Method, httpContext.Request.Path.Value, httpContext.TraceIdentifier);
            }

            if (status == 503)
            {
                httpContext.Response.Headers.RetryAfter = "2";
            }

            await ApiProblems.WriteAsync(httpContext, status, code, detail);
            return true;
        }
    }
}
