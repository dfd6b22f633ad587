namespace MlflowDeploy.Review;

/// <summary>What a plan does to one resource instance, with a delete+create pair folded into one replace.</summary>
public enum PlanAction
{
    NoOp,
    Create,
    Update,
    Replace,
    Delete,
    Read,
    Forget,
}

public static class PlanActionText
{
    /// <summary>The heading word for a group of resources.</summary>
    public static string Heading(this PlanAction action) => action switch
    {
        PlanAction.Create => "Add",
        PlanAction.Update => "Change in place",
        PlanAction.Replace => "Replace",
        PlanAction.Delete => "Destroy",
        PlanAction.Read => "Read",
        PlanAction.Forget => "Forget (removed from state, kept in AWS)",
        _ => "No change",
    };

    /// <summary>The symbol terraform itself prints before a resource.</summary>
    public static string Symbol(this PlanAction action) => action switch
    {
        PlanAction.Create => "+",
        PlanAction.Update => "~",
        PlanAction.Replace => "-/+",
        PlanAction.Delete => "-",
        PlanAction.Read => "<=",
        PlanAction.Forget => ".",
        _ => " ",
    };

    /// <summary>Order in which groups are shown: the risky ones first.</summary>
    public static int DisplayOrder(this PlanAction action) => action switch
    {
        PlanAction.Replace => 0,
        PlanAction.Delete => 1,
        PlanAction.Update => 2,
        PlanAction.Create => 3,
        PlanAction.Forget => 4,
        PlanAction.Read => 5,
        _ => 6,
    };
}
