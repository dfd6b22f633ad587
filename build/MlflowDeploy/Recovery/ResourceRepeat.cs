namespace MlflowDeploy.Recovery;

/// <summary>How a resource block makes instances: one, by <c>count</c> (indexed [0], [1]…), or by <c>for_each</c> (keyed).</summary>
public enum ResourceRepeat
{
    None,
    Count,
    ForEach,
}
