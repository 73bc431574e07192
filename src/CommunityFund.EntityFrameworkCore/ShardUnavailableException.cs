namespace CommunityFund.EntityFrameworkCore;

/// <summary>A ledger is placed on a shard this process does not know (another process's configuration placed it on a
/// server missing here): the request is refused as the database being unavailable, never answered from another server.</summary>
public sealed class ShardUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ShardUnavailableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing.</param>
    public ShardUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing.</param>
    /// <param name="innerException">The cause.</param>
    public ShardUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
