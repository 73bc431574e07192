using Microsoft.Data.Sqlite;

namespace CommunityFund.Api.Security;

/// <summary>
/// The SQLite books readable by the server's user only: the file is created <c>0600</c> before the database is first
/// opened (SQLite gives its <c>-wal</c> and <c>-shm</c> files the database file's mode), and an existing file — or its
/// <c>-wal</c>/<c>-shm</c> — open to the group or others is tightened to <c>0600</c> with a warning (or, when that fails,
/// a warning that says what to do). The books hold residents' references and every provider's accounts.
/// </summary>
public static class DatabaseFileMode
{
    /// <summary>Owner read and write: the mode of the books' files.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates or tightens the SQLite file of a connection string (nothing for an in-memory database, on
    /// Windows, or for another provider's connection string).</summary>
    /// <param name="connectionString">The SQLite connection string.</param>
    /// <param name="logger">Where warnings go.</param>
    public static void Secure(string connectionString, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (OperatingSystem.IsWindows() || Path(connectionString) is not { } database)
        {
            return;
        }

        // Created only where SQLite would create it (its folder exists, the connection may create): otherwise opening
        // fails as it would have, and the API answers storage.unavailable.
        if (!File.Exists(database) && new SqliteConnectionStringBuilder(connectionString).Mode == SqliteOpenMode.ReadWriteCreate
            && Directory.Exists(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(database))))
        {
            try
            {
                using var created = new FileStream(database, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly });
            }
            catch (IOException) when (File.Exists(database))
            {
                // Another process created it first: tightened below like any existing file.
            }
        }

        foreach (var file in new[] { database, database + "-wal", database + "-shm", database + "-journal" }.Where(File.Exists))
        {
            Tighten(file, logger);
        }
    }

    /// <summary>The database file of a SQLite connection string, or <c>null</c> for an in-memory database.</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <returns>The file, or <c>null</c>.</returns>
    public static string? Path(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        return builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:"
            || builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            ? null
            : builder.DataSource;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Tighten(string file, ILogger logger)
    {
        var mode = File.GetUnixFileMode(file);
        if ((mode & GroupOrOthers) == 0)
        {
            return;
        }

        try
        {
            File.SetUnixFileMode(file, mode & ~GroupOrOthers);
            logger.LogWarning("The books' file {File} was open to its group or others (mode {Mode}); it is now readable by this server's user only (0600).",
                file, Convert.ToString((int)mode, 8));
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            logger.LogWarning("The books' file {File} is open to its group or others (mode {Mode}) and could not be tightened ({Reason}): run 'chmod 600' on it and its -wal and -shm files.",
                file, Convert.ToString((int)mode, 8), ex.Message);
        }
    }
}
