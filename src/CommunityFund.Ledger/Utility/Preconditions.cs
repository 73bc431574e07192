using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace CommunityFund.Utility;

/// <summary>One place for argument guards, so every public factory fails the same way.</summary>
internal static class Preconditions
{
    internal static T CheckNotNull<T>([NotNull] T? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
        where T : class =>
        argument ?? throw new ArgumentNullException(paramName);

    internal static void CheckArgument([DoesNotReturnIf(false)] bool expression, string paramName, string message)
    {
        if (!expression)
        {
            throw new ArgumentException(message, paramName);
        }
    }

    internal static void CheckArgumentRange(string paramName, long value, long minInclusive, long maxInclusive)
    {
        if (value < minInclusive || value > maxInclusive)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"Value must be in [{minInclusive}, {maxInclusive}].");
        }
    }
}
