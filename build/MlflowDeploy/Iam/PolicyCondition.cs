using System.Globalization;

namespace MlflowDeploy.Iam;

/// <summary>
/// One key under one operator of a statement's <c>Condition</c> block, e.g. <c>"StringEquals": {"aws:RequestedRegion":
/// "eu-west-2"}</c>, with the set qualifiers (<c>ForAnyValue:</c>, <c>ForAllValues:</c>) and the <c>IfExists</c>
/// suffix. Evaluated as IAM documents it: any listed value may match; a missing key fails a positive operator and
/// passes a negated one, <c>IfExists</c> and <c>ForAllValues</c>; <c>Null</c> tests presence.
/// </summary>
public sealed record PolicyCondition(string Operator, string Key, IReadOnlyList<string> Values)
{
    private static readonly HashSet<string> Negated = new(StringComparer.Ordinal)
    {
        "StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike", "NumericNotEquals",
    };

    public ConditionOutcome Evaluate(RequestContext context)
    {
        var qualifier = Operator.Contains(':', StringComparison.Ordinal) ? Operator[..Operator.IndexOf(':', StringComparison.Ordinal)] : null;
        var name = qualifier is null ? Operator : Operator[(qualifier.Length + 1)..];
        var ifExists = name.EndsWith("IfExists", StringComparison.Ordinal);
        if (ifExists)
        {
            name = name[..^"IfExists".Length];
        }

        var actual = context.Values(Key);
        if (name == "Null")
        {
            if (actual is null && !context.IsRecorded(Key))
            {
                return ConditionOutcome.Undetermined($"condition key {Key} is not in the call record");
            }

            return ConditionOutcome.Of((actual is null) == string.Equals(Values.FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase));
        }

        var negated = Negated.Contains(name);
        if (actual is null)
        {
            if (!context.IsRecorded(Key))
            {
                return ConditionOutcome.Undetermined($"condition key {Key} is not in the call record");
            }

            return ConditionOutcome.Of(ifExists || negated || qualifier == "ForAllValues");
        }

        var matches = new List<bool>();
        foreach (var value in actual)
        {
            if (Compare(name, value) is not { } matched)
            {
                return ConditionOutcome.Undetermined($"condition operator {name} is not evaluated here");
            }

            matches.Add(matched);
        }

        var holds = qualifier == "ForAllValues"
            ? (negated ? matches.All(m => !m) : matches.All(m => m))
            : (negated ? !matches.Any(m => m) : matches.Any(m => m));
        return ConditionOutcome.Of(holds);
    }

    /// <summary>Whether one request value matches any policy value; null for operators not evaluated here.</summary>
    private bool? Compare(string name, string actual) => name switch
    {
        "StringEquals" or "StringNotEquals" => Values.Any(v => string.Equals(v, actual, StringComparison.Ordinal)),
        "StringEqualsIgnoreCase" or "StringNotEqualsIgnoreCase" => Values.Any(v => string.Equals(v, actual, StringComparison.OrdinalIgnoreCase)),
        "StringLike" or "StringNotLike" or "ArnEquals" or "ArnLike" or "ArnNotEquals" or "ArnNotLike" =>
            Values.Any(v => IamWildcard.Matches(v, actual)),
        "Bool" => Values.Any(v => string.Equals(v, actual, StringComparison.OrdinalIgnoreCase)),
        "NumericEquals" or "NumericNotEquals" => CompareNumbers(actual, (a, e) => a == e),
        "NumericLessThan" => CompareNumbers(actual, (a, e) => a < e),
        "NumericLessThanEquals" => CompareNumbers(actual, (a, e) => a <= e),
        "NumericGreaterThan" => CompareNumbers(actual, (a, e) => a > e),
        "NumericGreaterThanEquals" => CompareNumbers(actual, (a, e) => a >= e),
        _ => null,
    };

    private bool? CompareNumbers(string actual, Func<decimal, decimal, bool> test)
    {
        if (!decimal.TryParse(actual, NumberStyles.Number, CultureInfo.InvariantCulture, out var a))
        {
            return false;
        }

        return Values.Any(v => decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var e) && test(a, e));
    }
}
