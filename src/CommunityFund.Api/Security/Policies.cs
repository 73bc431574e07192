using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CommunityFund.Api.Security;

/// <summary>The authorisation policies; every endpoint names one (deny by default).</summary>
public static class Policies
{
    /// <summary>Any key of the ledger (never an operator key: the operator reads no ledger's books).</summary>
    public const string Read = "read";

    /// <summary>Hub administrator or provider (for its own entity, checked per request).</summary>
    public const string Write = "write";

    /// <summary>Hub administrator only.</summary>
    public const string Admin = "admin";

    /// <summary>Hub administrator or trustee.</summary>
    public const string Audit = "audit";

    /// <summary>The operator only (ledgers, metrics).</summary>
    public const string Operator = "operator";
}
