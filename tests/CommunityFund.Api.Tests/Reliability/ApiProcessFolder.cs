namespace CommunityFund.Api.Tests.Reliability;

/// <summary>An <see cref="ApiProcess"/> on a SQLite file in a temporary folder of its own, both gone when disposed: the
/// fixture of the tests that run the API as a process.</summary>
internal sealed class ApiProcessFolder : IDisposable
{
    /// <summary>A folder named from <paramref name="prefix"/>, and an API process on <paramref name="database"/> in it.</summary>
    internal ApiProcessFolder(string prefix, string database, IReadOnlyDictionary<string, string>? settings = null)
    {
        Folder = Directory.CreateTempSubdirectory(prefix).FullName;
        Api = new ApiProcess(Path.Combine(Folder, database), Path.Combine(Folder, "checkpoint-key.pem"), settings);
    }

    /// <summary>The folder.</summary>
    internal string Folder { get; }

    /// <summary>The API process.</summary>
    internal ApiProcess Api { get; }

    public void Dispose()
    {
        Api.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
