using System.Collections.Immutable;
using CommunityFund.Utility;

namespace CommunityFund.Ledger;

/// <summary>
/// The chart of accounts of one entity: a profile and its accounts, first-level and sub-accounts. Immutable: the
/// <c>With…</c> methods return a new chart. Only leaf accounts (those without sub-accounts) take postings.
/// </summary>
public sealed class ChartOfAccounts
{
    private readonly ImmutableSortedDictionary<AccountCode, Account> _accounts;
    private readonly HashSet<AccountCode> _parents;

    internal ChartOfAccounts(AccountingProfile profile, string templateVersion, ImmutableSortedDictionary<AccountCode, Account> accounts)
    {
        Profile = profile;
        TemplateVersion = templateVersion;
        _accounts = accounts;
        _parents = [];
        foreach (var code in accounts.Keys)
        {
            if (code.Parent is { } parent)
            {
                _parents.Add(parent);
            }
        }
    }

    /// <summary>Rebuilds a chart from its accounts (e.g. as a store kept them).</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="templateVersion">The template version it came from.</param>
    /// <param name="accounts">The accounts, in any order.</param>
    /// <returns>The chart.</returns>
    /// <exception cref="ArgumentException">A code is repeated, or a sub-account's parent is missing.</exception>
    public static ChartOfAccounts FromAccounts(AccountingProfile profile, string templateVersion, IEnumerable<Account> accounts)
    {
        Preconditions.CheckNotNull(templateVersion);
        Preconditions.CheckNotNull(accounts);
        var builder = ImmutableSortedDictionary.CreateBuilder<AccountCode, Account>();
        foreach (var account in accounts)
        {
            Preconditions.CheckArgument(!builder.ContainsKey(account.Code), nameof(accounts), $"Account {account.Code} is given twice.");
            builder.Add(account.Code, account);
        }

        foreach (var code in builder.Keys)
        {
            Preconditions.CheckArgument(code.Parent is not { } parent || builder.ContainsKey(parent), nameof(accounts), $"Account {code} has no parent {code.Parent}.");
        }

        return new ChartOfAccounts(profile, templateVersion, builder.ToImmutable());
    }

    /// <summary>The accounting profile the chart belongs to.</summary>
    public AccountingProfile Profile { get; }

    /// <summary>The template and version it was created from, e.g. <c>NPO_CN@2005-01-01</c>.</summary>
    public string TemplateVersion { get; }

    /// <summary>Every account, ordered by code.</summary>
    public IEnumerable<Account> Accounts => _accounts.Values;

    /// <summary>How many accounts the chart holds.</summary>
    public int Count => _accounts.Count;

    /// <summary>Finds an account.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The account, or <c>null</c> when the chart has no such code.</returns>
    public Account? Find(AccountCode code) => _accounts.GetValueOrDefault(code);

    /// <summary>Gets an account that must exist.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The account.</returns>
    /// <exception cref="KeyNotFoundException">The chart has no such code.</exception>
    public Account Get(AccountCode code) =>
        Find(code) ?? throw new KeyNotFoundException($"The chart ({TemplateVersion}) has no account {code}.");

    /// <summary><c>true</c> when the account exists and has no sub-accounts.</summary>
    /// <param name="code">The code.</param>
    /// <returns>Whether the account is a leaf.</returns>
    public bool IsLeaf(AccountCode code) => _accounts.ContainsKey(code) && !_parents.Contains(code);

    /// <summary>Adds a sub-account under an existing account; it inherits type, normal side, unit and required
    /// dimensions. A parent that has postings keeps them; new postings must use a leaf.</summary>
    /// <param name="parent">The parent code.</param>
    /// <param name="suffix">The two-digit suffix, 1–99.</param>
    /// <param name="nameZh">The Chinese name.</param>
    /// <param name="nameEn">The English name.</param>
    /// <returns>The new chart.</returns>
    /// <exception cref="ArgumentException">The parent does not exist, or the code is taken.</exception>
    public ChartOfAccounts WithSubAccount(AccountCode parent, int suffix, string nameZh, string nameEn)
    {
        var parentAccount = Find(parent) ?? throw new ArgumentException($"No parent account {parent}.", nameof(parent));
        var code = parent.Child(suffix);
        Preconditions.CheckArgument(!_accounts.ContainsKey(code), nameof(suffix), $"Account {code} already exists.");
        var account = new Account(code, nameZh, nameEn, parentAccount.Type, parentAccount.NormalSide, parentAccount.Unit)
        {
            RequiredDimensions = parentAccount.RequiredDimensions,
        };
        return new ChartOfAccounts(Profile, TemplateVersion, _accounts.Add(code, account));
    }

    /// <summary>Replaces or adds an account as given (for template building and custom charts).</summary>
    /// <param name="account">The account.</param>
    /// <returns>The new chart.</returns>
    /// <exception cref="ArgumentException">The account is a sub-account whose parent is missing.</exception>
    public ChartOfAccounts WithAccount(Account account)
    {
        Preconditions.CheckNotNull(account);
        var parent = account.Code.Parent;
        Preconditions.CheckArgument(parent is null || _accounts.ContainsKey(parent.Value), nameof(account),
            $"Account {account.Code} needs its parent {parent} first.");
        return new ChartOfAccounts(Profile, TemplateVersion, _accounts.SetItem(account.Code, account));
    }

    /// <summary>Deactivates an account: its history stays, new postings to it are refused.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The new chart.</returns>
    public ChartOfAccounts WithAccountDeactivated(AccountCode code) =>
        new(Profile, TemplateVersion, _accounts.SetItem(code, Get(code) with { IsActive = false }));
}
