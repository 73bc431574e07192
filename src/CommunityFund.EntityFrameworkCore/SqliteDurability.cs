namespace CommunityFund.EntityFrameworkCore;

/// <summary>How durable a SQLite commit is.</summary>
public enum SqliteDurability
{
    /// <summary><c>synchronous=FULL</c> (default): a commit survives a power loss; about 4–5 k single commits a second here.</summary>
    Full = 1,

    /// <summary><c>synchronous=NORMAL</c>: in WAL mode a commit survives a process crash but the last commits may be
    /// lost on power loss; several times faster.</summary>
    Normal = 2,
}
