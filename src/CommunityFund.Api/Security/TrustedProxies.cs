using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace CommunityFund.Api.Security;

/// <summary>
/// Behind a reverse proxy: <c>Api:TrustedProxies</c> lists the proxies' IP addresses. From those addresses only, the
/// client's address is taken from <c>X-Forwarded-For</c> (the last hop, one proxy deep) and the scheme from
/// <c>X-Forwarded-Proto</c>, so the per-address limits (failed authentications, the public pages) count clients, not the
/// proxy. Without the setting the headers are ignored: a client cannot choose its own address by sending them.
/// </summary>
public static class TrustedProxies
{
    /// <summary>The configuration key.</summary>
    public const string Setting = "Api:TrustedProxies";

    /// <summary>Trusts the configured proxies' forwarded headers; does nothing when none is configured.</summary>
    /// <param name="app">The pipeline.</param>
    /// <exception cref="InvalidOperationException">An entry is not an IP address (the server does not start).</exception>
    public static void UseTrustedProxies(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var proxies = app.Configuration.GetSection(Setting).Get<string[]>() ?? [];
        if (proxies.Length == 0)
        {
            return;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 1 };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException($"{Setting} holds '{proxy}', which is not an IP address."));
        }

        app.UseForwardedHeaders(options);
    }
}
