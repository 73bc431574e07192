namespace CommunityFund.Posting;

/// <summary>Why the books refused something: a stable machine code, a readable message and the field it concerns.</summary>
/// <param name="Code">A stable code from <see cref="ErrorCodes"/>, e.g. <c>journal.unbalanced</c>.</param>
/// <param name="Message">A readable message naming the problem.</param>
/// <param name="Field">The path of the offending field, e.g. <c>journals[0].lines[2].account</c>, or <c>null</c>.</param>
public sealed record PostingError(string Code, string Message, string? Field = null)
{
    /// <summary>The figures the refusal was decided on, by name (e.g. <c>cash</c>, <c>available</c>), amounts as
    /// decimal text; <c>null</c> when the message says all there is.</summary>
    public IReadOnlyDictionary<string, string>? Figures { get; init; }

    /// <summary>Returns <c>code: message (field)</c>.</summary>
    public override string ToString() => Field is null ? $"{Code}: {Message}" : $"{Code}: {Message} ({Field})";
}
