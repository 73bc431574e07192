using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CommunityFund.Api.Webhooks;

/// <summary>
/// Decides whether a subscriber URL may be used: absolute http or https, and not this server itself — not the host and
/// port the registering request was sent to, not <c>Api:PublicUrl</c>, and not a loopback address on a port this server
/// listens on. A receiver on the loopback interface at another port is allowed (a local relay, and the tests).
/// </summary>
/// <param name="server">The server, for the addresses it listens on.</param>
/// <param name="configuration">The configuration, for <c>Api:PublicUrl</c>.</param>
public sealed class WebhookTargets(IServer server, IConfiguration configuration)
{
    /// <summary>Why <paramref name="url"/> is refused, or <c>null</c> when it may be used.</summary>
    /// <param name="url">The subscriber URL.</param>
    /// <param name="request">The registering request.</param>
    /// <returns>The reason, or <c>null</c>.</returns>
    public string? Refusal(string url, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var target) || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
        {
            return "'url' must be an absolute http or https URL.";
        }

        var own = new List<(string Host, int Port)> { (request.Host.Host, request.Host.Port ?? (request.IsHttps ? 443 : 80)) };
        if (Uri.TryCreate(configuration["Api:PublicUrl"], UriKind.Absolute, out var publicUrl))
        {
            own.Add((publicUrl.Host, publicUrl.Port));
        }

        if (own.Any(o => string.Equals(o.Host.Trim('[', ']'), target.IdnHost.Trim('[', ']'), StringComparison.OrdinalIgnoreCase) && o.Port == target.Port))
        {
            return "'url' points at this server itself; a subscriber must be another service.";
        }

        return IsLoopback(target) && OwnPorts(request).Contains(target.Port)
            ? "'url' points at this server itself (a loopback address on a port it listens on); a subscriber must be another service."
            : null;
    }

    private HashSet<int> OwnPorts(HttpRequest request)
    {
        var ports = new HashSet<int>();
        if (request.HttpContext.Connection.LocalPort > 0)
        {
            ports.Add(request.HttpContext.Connection.LocalPort);
        }

        if (IsLoopbackHost(request.Host.Host))
        {
            ports.Add(request.Host.Port ?? (request.IsHttps ? 443 : 80));
        }

        foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            if (BindingAddress.Parse(address) is { Port: > 0 } binding)
            {
                ports.Add(binding.Port);
            }
        }

        return ports;
    }

    private static bool IsLoopback(Uri target) => target.IsLoopback || IsLoopbackHost(target.IdnHost);

    private static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)));
}
