namespace CommunityFund.Browser.Tests.Harness;

/// <summary>The demo ledger's API keys (printed by the API when it seeds the demo; public by design).</summary>
public static class DemoKeys
{
    /// <summary>The demo ledger's id.</summary>
    public const string Ledger = "demo";

    /// <summary>The hub administrator's key.</summary>
    public const string Admin = "cf_demo_admin_demo-hub-admin";

    /// <summary>The trustee's key.</summary>
    public const string Trustee = "cf_demo_trustee_demo-trustee";

    /// <summary>The elder-care provider's key (a provider may not read the audit).</summary>
    public const string ElderCare = "cf_demo_elder-care_demo-elder-care";
}
