namespace CommunityFund.Api.Security;

/// <summary>Where the hub's checkpoint keys are kept.</summary>
/// <param name="KeyFile">The current private key, PEM (<c>Books:CheckpointKeyFile</c>), readable by the owner only.</param>
/// <param name="KeyRingFile">The public keys of every signing key so far, JSON (<c>Books:CheckpointKeyRingFile</c>).</param>
public sealed record CheckpointKeyFiles(string KeyFile, string KeyRingFile)
{
    /// <summary>The files for a key file, the ring next to it: <c>checkpoint-key.pem</c> → <c>checkpoint-key.keyring.json</c>.</summary>
    /// <param name="keyFile">The private key file.</param>
    /// <param name="keyRingFile">The ring file, or <c>null</c> for the default next to the key file.</param>
    /// <returns>The files.</returns>
    public static CheckpointKeyFiles For(string keyFile, string? keyRingFile = null) =>
        new(keyFile, keyRingFile ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(keyFile))!, Path.GetFileNameWithoutExtension(keyFile) + ".keyring.json"));
}
