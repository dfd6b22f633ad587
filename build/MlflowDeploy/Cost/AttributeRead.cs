namespace MlflowDeploy.Cost;

/// <summary>How much of a priced attribute the plan reader keeps.</summary>
public enum AttributeRead
{
    /// <summary>The whole value (scalars and small blocks of sizes, flags and identifiers).</summary>
    Value,

    /// <summary>Only the number of elements of a list (subnet ids: how many, not which).</summary>
    Count,

    /// <summary>
    /// The number of elements, plus any string inside that is one of <see cref="PricedAttributes.PaidManagedRuleGroups"/>;
    /// every other string in the value is read past and dropped.
    /// </summary>
    CountAndWatch,
}
