namespace CommunityFund.Storage;

/// <summary>A stored record cannot be read as asked: it is of another kind, or a newer program wrote it.</summary>
public sealed class RecordSchemaException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RecordSchemaException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What cannot be read, and why.</param>
    public RecordSchemaException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What cannot be read, and why.</param>
    /// <param name="innerException">The cause.</param>
    public RecordSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
