using System.Security.Cryptography;
using System.Text;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;

namespace CommunityFund.Reports;

/// <summary>
/// Signs chain heads with the hub's ECDSA P-256 key and verifies signed heads with its public key. The private key
/// stays with the hub; trustees need only the public key (PEM) to check a checkpoint they kept.
/// </summary>
public sealed class CheckpointSigner : IDisposable
{
    private readonly ECDsa _key;

    private CheckpointSigner(ECDsa key)
    {
        _key = key;
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem();
        KeyId = KeyIdOf(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>The public key, PEM (SubjectPublicKeyInfo).</summary>
    public string PublicKeyPem { get; }

    /// <summary>The key's id.</summary>
    public string KeyId { get; }

    /// <summary>A new random P-256 key.</summary>
    /// <returns>The signer.</returns>
    public static CheckpointSigner Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>The signer for a private key in PEM (PKCS#8 or SEC1).</summary>
    /// <param name="privateKeyPem">The key.</param>
    /// <returns>The signer.</returns>
    public static CheckpointSigner FromPem(string privateKeyPem)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(privateKeyPem);
        return new CheckpointSigner(key);
    }

    /// <summary>The private key as PKCS#8 PEM, to store where only the hub can read it.</summary>
    /// <returns>The PEM text.</returns>
    public string ExportPrivateKeyPem() => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>Signs a text the services above the kernel vouch for with the same key (a publication's payload, which
    /// names its chain head); ECDSA P-256 over SHA-256, the signature in IEEE P1363 form, base64.</summary>
    /// <param name="payload">The exact text.</param>
    /// <returns>The signature.</returns>
    public string SignText(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return Convert.ToBase64String(_key.SignData(Encoding.UTF8.GetBytes(payload), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    /// <summary>Verifies a signature made by <see cref="SignText"/>.</summary>
    /// <param name="payload">The exact text.</param>
    /// <param name="signature">The signature, base64.</param>
    /// <param name="publicKeyPem">The public key.</param>
    /// <returns><c>true</c> when it verifies.</returns>
    public static bool VerifyText(string payload, string signature, string publicKeyPem)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(signature);
        using var key = ECDsa.Create();
        key.ImportFromPem(publicKeyPem);
        Span<byte> bytes = stackalloc byte[128];
        return Convert.TryFromBase64String(signature, bytes, out var written)
            && key.VerifyData(Encoding.UTF8.GetBytes(payload), bytes[..written], HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>Signs a chain head.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="head">The head.</param>
    /// <param name="signedAt">Now.</param>
    /// <returns>The signed checkpoint.</returns>
    public SignedCheckpoint Sign(LedgerId ledger, ChainCheckpoint head, Instant signedAt)
    {
        ArgumentNullException.ThrowIfNull(head);
        return new SignedCheckpoint(ledger, head.Sequence, head.Hash, signedAt, KeyId, SignText(SignedCheckpoint.PayloadOf(ledger, head.Sequence, head.Hash, signedAt)));
    }

    /// <summary>Checks a signed checkpoint against a public key.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="publicKeyPem">The hub's public key, PEM.</param>
    /// <returns><c>true</c> when the signature is the key's over exactly this checkpoint.</returns>
    public static bool Verify(SignedCheckpoint checkpoint, string publicKeyPem)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(publicKeyPem);
            var signature = Convert.FromBase64String(checkpoint.Signature);
            return checkpoint.KeyId == KeyIdOf(key.ExportSubjectPublicKeyInfo())
                && key.VerifyData(Encoding.UTF8.GetBytes(checkpoint.Payload), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or CryptographicException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    private static string KeyIdOf(byte[] subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo))[..16];
}
