using CommunityFund.Ledger;
using FluentValidation;

namespace CommunityFund.Api.Apis;

/// <summary>Validates <see cref="ManualJournalRequest"/>.</summary>
public sealed class ManualJournalValidator : AbstractValidator<ManualJournalRequest>
{
    /// <summary>The rules.</summary>
    public ManualJournalValidator()
    {
        RuleFor(x => x.Memo).Text(500);
        RuleFor(x => x.Lines).NotNull().Must(l => l is { Count: >= 2 and <= 1_000 }).WithMessage("A journal has 2 to 1,000 lines.");
        RuleForEach(x => x.Lines).ChildRules(line =>
        {
            line.RuleFor(l => l.Entity).Slug();
            line.RuleFor(l => l.Account).NotEmpty().Must(a => AccountCode.TryParse(a, out _)).WithMessage("'account' is an account code such as 1002.01.");
            line.RuleFor(l => l.Side).NotEmpty().Must(s => s is "debit" or "credit").WithMessage("'side' is 'debit' or 'credit'.");
            line.RuleFor(l => l.Amount).Must(m => m.HasCurrency && m.IsPositive).WithMessage("'amount' must be positive.");
        });
        RuleFor(x => x.SourceReference!).Text(200).When(x => x.SourceReference is not null);
    }
}

/// <summary>Validates <see cref="ReverseRequest"/>.</summary>
public sealed class ReverseValidator : AbstractValidator<ReverseRequest>
{
    /// <summary>The rules.</summary>
    public ReverseValidator() => RuleFor(x => x.Reason).Text(500);
}
