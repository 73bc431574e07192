namespace CommunityFund.Api.Apis;

/// <summary>The <c>{ledgerId}</c> route parameter of the ledger endpoints, as binding metadata: the handlers do not bind it
/// themselves (<see cref="LedgerScope"/> reads it), so the group declares it for the API explorer and the OpenAPI
/// document, first, as the handlers used to.</summary>
public sealed class LedgerIdParameter : Microsoft.AspNetCore.Http.Metadata.IParameterBindingMetadata
{
    private LedgerIdParameter()
    {
    }

    /// <summary>The metadata.</summary>
    public static LedgerIdParameter Instance { get; } = new();

    /// <inheritdoc />
    public string Name => LedgerScope.RouteParameter;

    /// <inheritdoc />
    public bool HasTryParse => false;

    /// <inheritdoc />
    public bool HasBindAsync => false;

    /// <inheritdoc />
    public System.Reflection.ParameterInfo ParameterInfo { get; } = typeof(LedgerIdParameter).GetMethod(nameof(Route), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetParameters()[0];

    /// <inheritdoc />
    public bool IsOptional => false;

    /// <summary>Declares the parameter's name and type.</summary>
    /// <param name="ledgerId">The ledger.</param>
    private static void Route(string ledgerId) => _ = ledgerId;
}
