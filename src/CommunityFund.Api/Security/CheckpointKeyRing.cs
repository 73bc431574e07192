using System.Collections.Immutable;
using System.Text.Json;
using CommunityFund.Reports;
using NodaTime;

namespace CommunityFund.Api.Security;

/// <summary>
/// The hub's checkpoint keys: the current signing key (a private key in <see cref="CheckpointKeyFiles.KeyFile"/>) and
/// the public keys of every key that signed before it (<see cref="CheckpointKeyFiles.KeyRingFile"/>), so that a
/// checkpoint a trustee kept still verifies after the key is rotated. <see cref="Rotate"/> makes a new key; the API
/// reads the files when it starts, so it signs with the new key after a restart (no hot reload).
/// </summary>
public sealed class CheckpointKeyRing
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { NodaTime.Serialization.SystemTextJson.NodaConverters.InstantConverter },
    };

    private CheckpointKeyRing(CheckpointSigner signer, ImmutableArray<CheckpointKey> keys)
    {
        Signer = signer;
        Keys = keys;
    }

    /// <summary>The current signing key.</summary>
    public CheckpointSigner Signer { get; }

    /// <summary>Every key, oldest first; the current one has no <see cref="CheckpointKey.RetiredAt"/>.</summary>
    public ImmutableArray<CheckpointKey> Keys { get; }

    /// <summary>The current key as the ring lists it.</summary>
    public CheckpointKey Current => Find(Signer.KeyId)!;

    /// <summary>A key by its id.</summary>
    /// <param name="keyId">The id.</param>
    /// <returns>The key, or <c>null</c> when the hub never had it.</returns>
    public CheckpointKey? Find(string? keyId) => Keys.FirstOrDefault(k => string.Equals(k.KeyId, keyId, StringComparison.Ordinal));

    /// <summary>The key whose signature a checkpoint carries: the one its key id names, or — for a checkpoint without a
    /// key id — any of the ring's keys.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <returns>The key that verifies it, or <c>null</c> when none does.</returns>
    public CheckpointKey? SignerOf(SignedCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return string.IsNullOrEmpty(checkpoint.KeyId)
            ? Keys.FirstOrDefault(k => CheckpointSigner.Verify(checkpoint with { KeyId = k.KeyId }, k.PublicKeyPem))
            : Find(checkpoint.KeyId) is { } key && CheckpointSigner.Verify(checkpoint, key.PublicKeyPem) ? key : null;
    }

    /// <summary>Loads the keys; creates the signing key (owner read/write only) when there is none yet. A key older
    /// than the ring file is listed with its file's last write as its creation.</summary>
    /// <param name="files">The files.</param>
    /// <returns>The ring.</returns>
    public static CheckpointKeyRing LoadOrCreate(CheckpointKeyFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var signer = File.Exists(files.KeyFile) ? ReadKeyFile(files.KeyFile) : CreateKeyFile(files.KeyFile, files.KeyFile);
        var keys = ReadRing(files.KeyRingFile);
        return new CheckpointKeyRing(signer, keys.Any(k => k.KeyId == signer.KeyId) ? keys : keys.Add(FirstListing(signer, files.KeyFile)));
    }

    /// <summary>Makes a new signing key: the ring keeps the old one's public key, retired now, and lists the new one;
    /// then the new private key replaces the old in the key file (the old private key is not kept). The ring is
    /// written first, so a crash in between leaves the old key signing and every checkpoint verifiable.</summary>
    /// <param name="files">The files.</param>
    /// <param name="now">Now.</param>
    /// <returns>The ring with the new key current.</returns>
    public static CheckpointKeyRing Rotate(CheckpointKeyFiles files, Instant now)
    {
        ArgumentNullException.ThrowIfNull(files);
        var old = LoadOrCreate(files);
        var staged = files.KeyFile + ".new";
        File.Delete(staged);
        var signer = CreateKeyFile(staged, files.KeyFile);
        var keys = old.Keys.Select(k => k.RetiredAt is null ? k with { RetiredAt = now } : k)
            .Append(new CheckpointKey(signer.KeyId, signer.PublicKeyPem, now, null)).ToImmutableArray();
        WriteRing(files.KeyRingFile, keys);
        File.Move(staged, files.KeyFile, overwrite: true);
        old.Signer.Dispose();
        return new CheckpointKeyRing(signer, keys);
    }

    /// <summary>The permissions a private key file may not have: any for the group or others.</summary>
    private const UnixFileMode GroupOrOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>The signing key in an existing file: refused when the group or others may read or write the file (the
    /// key may have leaked: tighten it with <c>chmod 600</c> and rotate), or when it is not a PEM private key.</summary>
    private static CheckpointSigner ReadKeyFile(string path)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOthers) != 0)
        {
            throw new InvalidOperationException(
                $"The checkpoint key file '{path}' is open to its group or to others (mode {Convert.ToString((int)File.GetUnixFileMode(path), 8)}): " +
                "the key that signs the books' checkpoints must be readable by the server's user only. Run 'chmod 600' on it, and rotate the key " +
                "('books rotate-checkpoint-key') if anyone else may have read it.");
        }

        try
        {
            return CheckpointSigner.FromPem(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException(
                $"The checkpoint key file '{path}' does not hold a PEM private key ({ex.Message}). Restore it from the backup, " +
                "or move it away to start with a new key (checkpoints signed by the old key then verify only with its public key in the key ring).", ex);
        }
    }

    private static ImmutableArray<CheckpointKey> ReadRing(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            return [.. JsonSerializer.Deserialize<RingDocument>(File.ReadAllText(path), Json)?.Keys ?? []];
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The checkpoint key ring '{path}' is not valid JSON: {ex.Message}", ex);
        }
    }

    private static void WriteRing(string path, ImmutableArray<CheckpointKey> keys)
    {
        var staged = path + ".tmp";
        File.WriteAllText(staged, JsonSerializer.Serialize(new RingDocument(keys), Json));
        File.Move(staged, path, overwrite: true);
    }

    private static CheckpointKey FirstListing(CheckpointSigner signer, string keyFile) =>
        new(signer.KeyId, signer.PublicKeyPem, Instant.FromDateTimeUtc(File.GetLastWriteTimeUtc(keyFile)), null);

    /// <summary>A new key written to <paramref name="path"/> (owner read/write only; refused when the file exists).</summary>
    private static CheckpointSigner CreateKeyFile(string path, string keyFile)
    {
        var signer = CheckpointSigner.Generate();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyFile))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(signer.ExportPrivateKeyPem());
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        return signer;
    }

    /// <summary>The ring file: every key's public half.</summary>
    private sealed record RingDocument(IReadOnlyList<CheckpointKey> Keys);
}
