namespace CommunityFund.Api.Imports;

/// <summary>An imported file cannot be read as the format it was sent as (answered as
/// <see cref="ApiErrorCodes.ImportFileUnreadable"/>).</summary>
internal sealed class ImportUnreadableException(string message, Exception? inner = null) : Exception(message, inner);
