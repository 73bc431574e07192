using System.Reflection;

namespace CommunityFund.Tests.ValueContracts;

/// <summary>
/// The contract of a value type, checked in one call (as NodaTime's <c>TestHelper</c> does): <see cref="object.Equals(object)"/>,
/// <see cref="IEquatable{T}.Equals(T)"/>, <c>==</c> and <c>!=</c>, <see cref="object.GetHashCode"/> consistency and null
/// handling; with ordering also <see cref="IComparable{T}"/>, <see cref="IComparable"/> and <c>&lt;</c>, <c>&lt;=</c>,
/// <c>&gt;</c>, <c>&gt;=</c>. The operators and the non-generic <see cref="IComparable"/> are checked when the type has
/// them; a type with only some of <c>&lt; &lt;= &gt; &gt;=</c>, or only one of <c>== !=</c>, fails.
/// </summary>
/// <remarks>Pass an <c>equalValue</c> built separately from <c>value</c> (another factory call, a parsed copy, a string
/// built at run time), so that equality is shown to be by value and not by reference.</remarks>
internal static class ValueContract
{
    /// <summary>Checks equality: <paramref name="value"/> equals <paramref name="equalValue"/>, neither equals
    /// <paramref name="differentValue"/>, hash codes agree with equality, and nothing equals null or another type.</summary>
    internal static void AssertEquality<T>(T value, T equalValue, T differentValue)
        where T : IEquatable<T>
    {
        Assert.NotNull(value);
        Assert.NotNull(equalValue);
        Assert.NotNull(differentValue);
        var type = typeof(T).Name;

        // Equals(object): reflexive, symmetric, false for a different value, null and another type.
        Assert.True(value.Equals((object)value), $"{type}: {value}.Equals((object){value}) must be true");
        Assert.True(value.Equals((object)equalValue), $"{type}: {value}.Equals((object){equalValue}) must be true");
        Assert.True(equalValue.Equals((object)value), $"{type}: {equalValue}.Equals((object){value}) must be true");
        Assert.False(value.Equals((object)differentValue), $"{type}: {value}.Equals((object){differentValue}) must be false");
        Assert.False(differentValue.Equals((object)value), $"{type}: {differentValue}.Equals((object){value}) must be false");
        Assert.False(value.Equals((object?)null), $"{type}: {value}.Equals((object)null) must be false");
        Assert.False(value.Equals(new object()), $"{type}: {value}.Equals(new object()) must be false");

        // IEquatable<T>.Equals: the same answers.
        Assert.True(value.Equals(value), $"{type}: {value}.Equals({value}) must be true");
        Assert.True(value.Equals(equalValue), $"{type}: {value}.Equals({equalValue}) must be true");
        Assert.True(equalValue.Equals(value), $"{type}: {equalValue}.Equals({value}) must be true");
        Assert.False(value.Equals(differentValue), $"{type}: {value}.Equals({differentValue}) must be false");
        Assert.False(differentValue.Equals(value), $"{type}: {differentValue}.Equals({value}) must be false");
        if (!typeof(T).IsValueType)
        {
            Assert.False(value.Equals(default(T)), $"{type}: {value}.Equals(({type})null) must be false");
        }

        // GetHashCode: stable, and equal for equal values.
        Assert.Equal(value.GetHashCode(), value.GetHashCode());
        Assert.True(value.GetHashCode() == equalValue.GetHashCode(), $"{type}: {value} and {equalValue} are equal but their hash codes differ");

        // What collections see (EqualityComparer<T>.Default, hashing).
        Assert.True(EqualityComparer<T>.Default.Equals(value, equalValue), $"{type}: EqualityComparer<{type}>.Default says {value} != {equalValue}");
        Assert.False(EqualityComparer<T>.Default.Equals(value, differentValue), $"{type}: EqualityComparer<{type}>.Default says {value} == {differentValue}");
        var set = new HashSet<T> { value };
        Assert.True(set.Contains(equalValue), $"{type}: a HashSet holding {value} does not find {equalValue}");
        Assert.False(set.Contains(differentValue), $"{type}: a HashSet holding {value} finds {differentValue}");

        AssertEqualityOperators(value, equalValue, differentValue);
    }

    /// <summary>Checks equality (as <see cref="AssertEquality{T}"/>) and ordering: <paramref name="value"/> equals
    /// <paramref name="equalValue"/> and both sort before <paramref name="greaterValue"/>, through
    /// <see cref="IComparable{T}"/>, <see cref="IComparable"/> and the comparison operators, consistently with equality.</summary>
    internal static void AssertEqualityAndOrdering<T>(T value, T equalValue, T greaterValue)
        where T : IEquatable<T>, IComparable<T>
    {
        AssertEquality(value, equalValue, greaterValue);
        var type = typeof(T).Name;

        // IComparable<T>: zero exactly when equal, antisymmetric.
        Assert.True(value.CompareTo(value) == 0, $"{type}: {value}.CompareTo({value}) must be 0");
        Assert.True(value.CompareTo(equalValue) == 0, $"{type}: {value}.CompareTo({equalValue}) must be 0");
        Assert.True(equalValue.CompareTo(value) == 0, $"{type}: {equalValue}.CompareTo({value}) must be 0");
        Assert.True(value.CompareTo(greaterValue) < 0, $"{type}: {value}.CompareTo({greaterValue}) must be negative");
        Assert.True(equalValue.CompareTo(greaterValue) < 0, $"{type}: {equalValue}.CompareTo({greaterValue}) must be negative");
        Assert.True(greaterValue.CompareTo(value) > 0, $"{type}: {greaterValue}.CompareTo({value}) must be positive");
        if (!typeof(T).IsValueType)
        {
            Assert.True(value.CompareTo(default!) > 0, $"{type}: {value}.CompareTo(null) must be positive (null sorts first)");
        }

        // IComparable, when implemented: the same, null first, another type refused.
        if (value is IComparable comparable)
        {
            Assert.True(comparable.CompareTo(equalValue) == 0, $"{type}: IComparable {value}.CompareTo({equalValue}) must be 0");
            Assert.True(comparable.CompareTo(greaterValue) < 0, $"{type}: IComparable {value}.CompareTo({greaterValue}) must be negative");
            Assert.True(((IComparable)greaterValue).CompareTo(value) > 0, $"{type}: IComparable {greaterValue}.CompareTo({value}) must be positive");
            Assert.True(comparable.CompareTo(null) > 0, $"{type}: IComparable {value}.CompareTo(null) must be positive");
            Assert.Throws<ArgumentException>(() => comparable.CompareTo(new object()));
        }

        // What sorting sees (Comparer<T>.Default).
        Assert.True(Comparer<T>.Default.Compare(value, greaterValue) < 0, $"{type}: Comparer<{type}>.Default puts {greaterValue} before {value}");
        Assert.Equal(new[] { value, greaterValue }, new[] { greaterValue, value }.Order().ToArray());

        AssertComparisonOperators(value, equalValue, greaterValue);
    }

    private static void AssertEqualityOperators<T>(T value, T equalValue, T differentValue)
    {
        var type = typeof(T).Name;
        var equality = Operator<T>("op_Equality");
        var inequality = Operator<T>("op_Inequality");
        Assert.True((equality is null) == (inequality is null), $"{type} defines only one of == and !=");
        if (equality is null || inequality is null)
        {
            return;
        }

        Assert.True(equality(value, value), $"{type}: {value} == {value} must be true");
        Assert.True(equality(value, equalValue), $"{type}: {value} == {equalValue} must be true");
        Assert.True(equality(equalValue, value), $"{type}: {equalValue} == {value} must be true");
        Assert.False(equality(value, differentValue), $"{type}: {value} == {differentValue} must be false");
        Assert.False(equality(differentValue, value), $"{type}: {differentValue} == {value} must be false");
        Assert.False(inequality(value, equalValue), $"{type}: {value} != {equalValue} must be false");
        Assert.False(inequality(equalValue, value), $"{type}: {equalValue} != {value} must be false");
        Assert.True(inequality(value, differentValue), $"{type}: {value} != {differentValue} must be true");
        Assert.True(inequality(differentValue, value), $"{type}: {differentValue} != {value} must be true");
        if (!typeof(T).IsValueType)
        {
            var none = default(T)!;
            Assert.False(equality(value, none), $"{type}: {value} == null must be false");
            Assert.False(equality(none, value), $"{type}: null == {value} must be false");
            Assert.True(equality(none, none), $"{type}: null == null must be true");
            Assert.True(inequality(value, none), $"{type}: {value} != null must be true");
            Assert.True(inequality(none, value), $"{type}: null != {value} must be true");
            Assert.False(inequality(none, none), $"{type}: null != null must be false");
        }
    }

    private static void AssertComparisonOperators<T>(T value, T equalValue, T greaterValue)
    {
        var type = typeof(T).Name;
        var less = Operator<T>("op_LessThan");
        var lessOrEqual = Operator<T>("op_LessThanOrEqual");
        var greater = Operator<T>("op_GreaterThan");
        var greaterOrEqual = Operator<T>("op_GreaterThanOrEqual");
        var defined = new[] { less, lessOrEqual, greater, greaterOrEqual }.Count(o => o is not null);
        Assert.True(defined is 0 or 4, $"{type} defines {defined} of the four operators < <= > >=");
        if (less is null || lessOrEqual is null || greater is null || greaterOrEqual is null)
        {
            return;
        }

        Assert.True(less(value, greaterValue), $"{type}: {value} < {greaterValue} must be true");
        Assert.False(less(greaterValue, value), $"{type}: {greaterValue} < {value} must be false");
        Assert.False(less(value, equalValue), $"{type}: {value} < {equalValue} must be false");

        Assert.True(lessOrEqual(value, greaterValue), $"{type}: {value} <= {greaterValue} must be true");
        Assert.True(lessOrEqual(value, equalValue), $"{type}: {value} <= {equalValue} must be true");
        Assert.False(lessOrEqual(greaterValue, value), $"{type}: {greaterValue} <= {value} must be false");

        Assert.True(greater(greaterValue, value), $"{type}: {greaterValue} > {value} must be true");
        Assert.False(greater(value, greaterValue), $"{type}: {value} > {greaterValue} must be false");
        Assert.False(greater(value, equalValue), $"{type}: {value} > {equalValue} must be false");

        Assert.True(greaterOrEqual(greaterValue, value), $"{type}: {greaterValue} >= {value} must be true");
        Assert.True(greaterOrEqual(value, equalValue), $"{type}: {value} >= {equalValue} must be true");
        Assert.False(greaterOrEqual(value, greaterValue), $"{type}: {value} >= {greaterValue} must be false");
    }

    /// <summary>The user-defined operator <paramref name="name"/>(T, T) of <typeparamref name="T"/>, or <c>null</c>.</summary>
    private static Func<T, T, bool>? Operator<T>(string name)
    {
        var method = typeof(T).GetMethod(name, BindingFlags.Public | BindingFlags.Static, [typeof(T), typeof(T)]);
        if (method is null || method.ReturnType != typeof(bool))
        {
            return null;
        }

        return (left, right) => (bool)method.Invoke(null, BindingFlags.DoNotWrapExceptions, binder: null, [left, right], culture: null)!;
    }
}
