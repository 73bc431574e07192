namespace CommunityFund.EntityFrameworkCore;

/// <summary>The configured shards do not match the ledger directory (a shard that holds ledgers is missing, a database
/// answers to another shard's name, two databases hold a directory): the API refuses to start rather than serve a
/// ledger from the wrong server.</summary>
public sealed class ShardConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ShardConfigurationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What does not match.</param>
    public ShardConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What does not match.</param>
    /// <param name="innerException">The cause.</param>
    public ShardConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
