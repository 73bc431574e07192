namespace CommunityFund.Api;

/// <summary>
/// The error codes the HTTP layer answers with on its own (the books' codes are <c>ErrorCodes</c>,
/// <c>EconomyErrorCodes</c> and <c>CommunityErrorCodes</c> in CommunityFund.Core). Each is the <c>code</c> of an
/// RFC 9457 problem, answered with the HTTP status in its <see cref="AnsweredWithAttribute"/>; docs/errors.md lists
/// them. Codes never change meaning; new ones may be added.
/// </summary>
public static class ApiErrorCodes
{
    /// <summary>No API key was sent: send it in the <c>X-Api-Key</c> header (or <c>Authorization: Bearer</c>).</summary>
    [AnsweredWith(StatusCodes.Status401Unauthorized)]
    public const string Unauthenticated = "auth.unauthenticated";

    /// <summary>The API key is unknown, malformed or revoked.</summary>
    [AnsweredWith(StatusCodes.Status401Unauthorized)]
    public const string InvalidKey = "auth.invalid_key";

    /// <summary>An API key was sent in the query string, where it would leak into logs and histories; it is refused
    /// outright.</summary>
    [AnsweredWith(StatusCodes.Status401Unauthorized)]
    public const string KeyInQuery = "auth.key_in_query";

    /// <summary>The key's role may not use this endpoint.</summary>
    [AnsweredWith(StatusCodes.Status403Forbidden)]
    public const string Forbidden = "auth.forbidden";

    /// <summary>The key may not read, or act for, the entity the request names (a provider key acts for its own entity
    /// only).</summary>
    [AnsweredWith(StatusCodes.Status403Forbidden)]
    public const string ForbiddenEntity = "auth.forbidden_entity";

    /// <summary>Fields of the body or the query are invalid; <c>errors</c> lists every failing field at once.</summary>
    [AnsweredWith(StatusCodes.Status400BadRequest)]
    public const string ValidationFailed = "validation.failed";

    /// <summary>The endpoint needs a JSON body and none was sent.</summary>
    [AnsweredWith(StatusCodes.Status400BadRequest)]
    public const string BodyRequired = "request.body_required";

    /// <summary>The body is not valid JSON for the request: a syntax error, a wrong type, an unknown member, a number
    /// where money needs a string, an enum name that does not exist.</summary>
    [AnsweredWith(StatusCodes.Status400BadRequest)]
    public const string MalformedJson = "request.malformed_json";

    /// <summary>The request could not be read (e.g. a route or query value of the wrong type); usually 400, the
    /// problem's status says.</summary>
    [AnsweredWith(0)]
    public const string Malformed = "request.malformed";

    /// <summary>The body is larger than the API accepts: 1 MiB, or for the file imports (opening balances, sales)
    /// <c>Api:MaxImportBytes</c> (256 MiB by default).</summary>
    [AnsweredWith(StatusCodes.Status413PayloadTooLarge)]
    public const string TooLarge = "request.too_large";

    /// <summary>The body is not <c>application/json</c> (for the file imports: not <c>text/csv</c>, or for opening balances
    /// not CSV or XLSX).</summary>
    [AnsweredWith(StatusCodes.Status415UnsupportedMediaType)]
    public const string UnsupportedMediaType = "request.unsupported_media_type";

    /// <summary>The request could not be served for another reason: a fault of the server (500, logged with the trace
    /// id the <c>detail</c> names) or a status the framework answered without a body; the status and <c>detail</c> say
    /// which.</summary>
    [AnsweredWith(0)]
    public const string Failed = "request.failed";

    /// <summary>No endpoint has this path.</summary>
    [AnsweredWith(StatusCodes.Status404NotFound)]
    public const string RouteNotFound = "route.not_found";

    /// <summary>The path exists but not with this HTTP method.</summary>
    [AnsweredWith(StatusCodes.Status405MethodNotAllowed)]
    public const string MethodNotAllowed = "route.method_not_allowed";

    /// <summary>Too many failed authentications (unknown, malformed or revoked keys) from this client, or from all
    /// clients together, this minute: the key is not even looked up until the window ends (<c>Retry-After</c>).</summary>
    [AnsweredWith(StatusCodes.Status429TooManyRequests)]
    public const string TooManyFailedAuthentications = "auth.too_many_failures";

    /// <summary>The key sent more requests this minute than it may; retry after the <c>Retry-After</c> seconds.</summary>
    [AnsweredWith(StatusCodes.Status429TooManyRequests)]
    public const string RateLimitExceeded = "rate_limit.exceeded";

    /// <summary>The books' database cannot be reached, or is busy; nothing unacknowledged was written. Retry with the
    /// same <c>Idempotency-Key</c> after the <c>Retry-After</c> seconds.</summary>
    [AnsweredWith(StatusCodes.Status503ServiceUnavailable)]
    public const string StorageUnavailable = "storage.unavailable";

    /// <summary>A request that creates something was sent without an <c>Idempotency-Key</c> header of 1–200 printable
    /// ASCII characters.</summary>
    [AnsweredWith(StatusCodes.Status400BadRequest)]
    public const string IdempotencyKeyRequired = "idempotency.key_required";


    /// <summary>The ledger has no API key with this id.</summary>
    [AnsweredWith(StatusCodes.Status404NotFound)]
    public const string ApiKeyNotFound = "api_key.not_found";

    /// <summary>The ledger has no webhook subscriber with this id.</summary>
    [AnsweredWith(StatusCodes.Status404NotFound)]
    public const string WebhookNotFound = "webhook.not_found";

    /// <summary>The statement asked for is for another accounting profile: 业务活动表 and 资产负债表 (民非) for NPO_CN
    /// entities, 利润表 and 资产负债表 (小企业) for SME_CN ones.</summary>
    [AnsweredWith(StatusCodes.Status422UnprocessableEntity)]
    public const string ReportProfileUnsupported = "report.profile_unsupported";

    /// <summary>The header (first line) of an imported file is not the import's: a required column is missing, a
    /// column is unknown or given twice; <c>lines</c> lists each. Nothing was imported.</summary>
    [AnsweredWith(StatusCodes.Status422UnprocessableEntity)]
    public const string ImportHeaderInvalid = "import.header_invalid";

    /// <summary>The imported file cannot be read: not UTF-8 text (CSV), not an XLSX workbook, or broken quoting. For a
    /// sales import, rows read before the fault are kept and the fault is listed as a refused row.</summary>
    [AnsweredWith(StatusCodes.Status400BadRequest)]
    public const string ImportFileUnreadable = "import.file_unreadable";

    /// <summary>A cell of an imported sales row is not a value of its column (a number, an ISO date, a wire name such
    /// as <c>weChatPay</c>, an amount such as <c>12.34</c>, <c>true</c>/<c>false</c>), or the external reference is
    /// missing or not 1–190 printable ASCII characters; the row is refused and the others go on.</summary>
    [AnsweredWith(StatusCodes.Status422UnprocessableEntity)]
    public const string ImportValueInvalid = "import.value_invalid";
}
