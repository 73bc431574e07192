using System.Text.Json;
using System.Text.Json.Serialization;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Api.Security;

/// <summary>What a key may do.</summary>
public enum ApiRole
{
    /// <summary>The hub administrator: everything in its ledger.</summary>
    HubAdmin = 1,

    /// <summary>A provider: post and read its own entity only.</summary>
    Provider = 2,

    /// <summary>A trustee: read everything in the ledger and run the audit; write nothing.</summary>
    Trustee = 3,

    /// <summary>The operator: runs the server for one or many communities; creates ledgers and lists them, reads the
    /// metrics; never reads or writes a ledger's books.</summary>
    Operator = 4,
}
