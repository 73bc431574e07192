namespace CommunityFund.Api;

/// <summary>The HTTP status an API error code is answered with (0: the status varies and is in the problem).</summary>
/// <param name="status">The status.</param>
[AttributeUsage(AttributeTargets.Field)]
public sealed class AnsweredWithAttribute(int status) : Attribute
{
    /// <summary>The status, or 0 when it varies.</summary>
    public int Status { get; } = status;
}
