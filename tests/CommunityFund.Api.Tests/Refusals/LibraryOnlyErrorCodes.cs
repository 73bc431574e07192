namespace CommunityFund.Api.Tests.Refusals;

/// <summary>
/// The documented codes the HTTP API never answers: guards of the books (the NuGet packages) that a .NET caller can
/// meet, but that the API's own checks always answer first with another code, or that no endpoint can reach. Each is
/// listed with the reason; docs/errors.md renders them in a section of their own, and the coverage test
/// (<see cref="ErrorCodeCoverageTests"/>) expects a scenario for every other documented code and none for these.
/// </summary>
public static class LibraryOnlyErrorCodes
{
    /// <summary>Each library-only code with why the API never answers it.</summary>
    public static IReadOnlyDictionary<string, string> Reasons { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["publication.no_fund"] = "A ledger opened through the API always has its community fund keeping 民非 books (its distribution policy names it, `distribution.policy_invalid` otherwise), and no endpoint removes an entity; only a .NET caller's own ledger definition can lack one.",
        ["account.inactive"] = "No endpoint deactivates an account; only a .NET caller can deactivate one and then post to it.",
        ["batch.size"] = "Only `PostingEngine.PostBatchAsync` takes a batch of journals; every endpoint posts the one batch its command builds, never an empty one or one of more than 10,000 journals.",
        ["idempotency.key_invalid"] = "The API refuses the same keys first, by the same rule (1–200 printable ASCII characters), with `idempotency.key_required`.",
        ["journal.missing"] = "A batch with a missing (null) journal: the endpoints build their journals themselves.",
        ["ledger.head_moved"] = "The command pipeline plans a command again when another writer moved the head, and answers `ledger.busy` when its attempts are spent; only a direct `PostBatchAsync` with an expected sequence sees this code.",
        ["line.missing"] = "A missing (null) line: the request validator refuses a null line (`validation.failed`) before the books see it.",
        ["line.side_invalid"] = "The side is 'debit' or 'credit' by the request validator (`validation.failed`) before the books see it.",
        ["journal.metadata_invalid"] = "The books write a journal's metadata themselves, with constant keys and values the request validators bound (references of at most 200 characters, no control characters).",
        ["journal.source_invalid"] = "A manual journal's source reference is bound by the request validator to the books' own limit (`validation.failed`); every other source reference is built from ids of at most 64 characters.",
        ["journal.too_few_lines"] = "A manual journal has 2 to 1,000 lines by the request validator (`validation.failed`); every other journal is built by the books with two lines or more.",
        ["reversal.reason_required"] = "Every endpoint that reverses (a journal, an unmatch) requires its reason in the request validator first (`validation.failed`).",
        ["sale.channel_unknown"] = "The JSON reader and the sales import's CSV reader accept only the four channel names (`request.malformed_json`, `import.value_invalid`).",
        ["sale.quantity_invalid"] = "The request validator's range of quantities (1–10,000) is the books' own (`validation.failed`).",
        ["settlement.invoice_reference_required"] = "The request validator holds the invoice reference to the books' own rule (1–100 characters, no control characters) first (`validation.failed`).",
    };
}
