using System.Runtime.CompilerServices;
using NodaTime;
using Xunit.Sdk;

namespace CommunityFund.Tests.ValueContracts;

/// <summary>The helper passes well-made types of the BCL and NodaTime, and fails each kind of broken contract.</summary>
public class ValueContractSelfTests
{
    [Fact]
    public void WellMadeTypes_Pass()
    {
        ValueContract.AssertEqualityAndOrdering(1.50m, 1.5m, 2m);                                  // operators, IComparable
        ValueContract.AssertEqualityAndOrdering("hub", string.Concat("h", "ub"), "hub-2");          // a class: null handling
        ValueContract.AssertEqualityAndOrdering(new LocalDate(2026, 3, 1), new LocalDate(2026, 3, 1), new LocalDate(2026, 3, 2));
        ValueContract.AssertEqualityAndOrdering(new Version(1, 2), Version.Parse("1.2"), new Version(1, 10));            // a class with operators
    }

    [Fact]
    public void HashCodeThatDisagreesWithEquality_Fails() =>
        Assert.Throws<TrueException>(() => ValueContract.AssertEquality(new HashByReference(1), new HashByReference(1), new HashByReference(2)));

    [Fact]
    public void EqualityOperatorThatDisagreesWithEquals_Fails() =>
        Assert.Throws<TrueException>(() => ValueContract.AssertEquality(new OperatorByReference(1), new OperatorByReference(1), new OperatorByReference(2)));

    [Fact]
    public void EqualsThatThrowsOnNull_Fails() =>
        Assert.Throws<NullReferenceException>(() => ValueContract.AssertEquality(new NullUnsafe(1), new NullUnsafe(1), new NullUnsafe(2)));

    [Fact]
    public void EqualsThatAcceptsAnotherType_Fails() =>
        Assert.Throws<FalseException>(() => ValueContract.AssertEquality(new EqualsAnything(1), new EqualsAnything(1), new EqualsAnything(2)));

    [Fact]
    public void CompareToThatDisagreesWithEquals_Fails() =>
        Assert.Throws<TrueException>(() => ValueContract.AssertEqualityAndOrdering(new CoarseOrder(10), new CoarseOrder(10), new CoarseOrder(11)));

    [Fact]
    public void OnlySomeComparisonOperators_Fails() =>
        Assert.Throws<TrueException>(() => ValueContract.AssertEqualityAndOrdering(new HalfOperators(1), new HalfOperators(1), new HalfOperators(2)));

    [Fact]
    public void ComparisonOperatorThatDisagreesWithCompareTo_Fails() =>
        Assert.Throws<TrueException>(() => ValueContract.AssertEqualityAndOrdering(new StrictLessOrEqual(1), new StrictLessOrEqual(1), new StrictLessOrEqual(2)));

    [Fact]
    public void ReferenceTypeSortingAfterNull_Fails() =>
        Assert.Throws<TrueException>(() => ValueContract.AssertEqualityAndOrdering(new NullLast(1), new NullLast(1), new NullLast(2)));

    private sealed class HashByReference(int value) : IEquatable<HashByReference>
    {
        public bool Equals(HashByReference? other) => other is not null && other.Value == Value;

        public override bool Equals(object? obj) => Equals(obj as HashByReference);

        public override int GetHashCode() => RuntimeHelpers.GetHashCode(this);

        public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

        private int Value { get; } = value;
    }

    private sealed class OperatorByReference(int value) : IEquatable<OperatorByReference>
    {
        private int Value { get; } = value;

        public static bool operator ==(OperatorByReference? left, OperatorByReference? right) => ReferenceEquals(left, right);

        public static bool operator !=(OperatorByReference? left, OperatorByReference? right) => !ReferenceEquals(left, right);

        public bool Equals(OperatorByReference? other) => other is not null && other.Value == Value;

        public override bool Equals(object? obj) => Equals(obj as OperatorByReference);

        public override int GetHashCode() => Value;
    }

    private sealed class NullUnsafe(int value) : IEquatable<NullUnsafe>
    {
        private int Value { get; } = value;

        public bool Equals(NullUnsafe? other) => other!.Value == Value;

        public override bool Equals(object? obj) => obj is null ? Equals((NullUnsafe?)null) : obj is NullUnsafe other && Equals(other);

        public override int GetHashCode() => Value;
    }

    private readonly struct EqualsAnything(int value) : IEquatable<EqualsAnything>
    {
        private int Value { get; } = value;

        public bool Equals(EqualsAnything other) => other.Value == Value;

        public override bool Equals(object? obj) => obj is not EqualsAnything other || Equals(other);

        public override int GetHashCode() => Value;
    }

    /// <summary>Equal by value, but ordered by tens: 10 and 11 compare as equal.</summary>
    private readonly record struct CoarseOrder(int Value) : IComparable<CoarseOrder>
    {
        public int CompareTo(CoarseOrder other) => (Value / 10).CompareTo(other.Value / 10);
    }

    private readonly record struct HalfOperators(int Value) : IComparable<HalfOperators>
    {
        public static bool operator <(HalfOperators left, HalfOperators right) => left.CompareTo(right) < 0;

        public static bool operator >(HalfOperators left, HalfOperators right) => left.CompareTo(right) > 0;

        public int CompareTo(HalfOperators other) => Value.CompareTo(other.Value);
    }

    private readonly record struct StrictLessOrEqual(int Value) : IComparable<StrictLessOrEqual>
    {
        public static bool operator <(StrictLessOrEqual left, StrictLessOrEqual right) => left.CompareTo(right) < 0;

        public static bool operator >(StrictLessOrEqual left, StrictLessOrEqual right) => left.CompareTo(right) > 0;

        public static bool operator <=(StrictLessOrEqual left, StrictLessOrEqual right) => left.CompareTo(right) < 0;

        public static bool operator >=(StrictLessOrEqual left, StrictLessOrEqual right) => left.CompareTo(right) >= 0;

        public int CompareTo(StrictLessOrEqual other) => Value.CompareTo(other.Value);
    }

    private sealed record NullLast(int Value) : IComparable<NullLast>
    {
        public int CompareTo(NullLast? other) => other is null ? -1 : Value.CompareTo(other.Value);
    }
}
