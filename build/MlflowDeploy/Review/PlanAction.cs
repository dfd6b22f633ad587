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

    /// <summary>
    /// Terraform writes a replacement as ["delete","create"] or, with create_before_destroy,
    /// ["create","delete"]; either is one replace. An unknown future action counts as a change, never as nothing.
    /// </summary>
    public static PlanAction FromTerraform(IReadOnlyList<string> actions)
    {
        bool Has(string a) => actions.Contains(a);
        if (Has("create") && Has("delete")) return PlanAction.Replace;
        if (Has("delete")) return PlanAction.Delete;
        if (Has("create")) return PlanAction.Create;
        if (Has("update")) return PlanAction.Update;
        if (Has("read")) return PlanAction.Read;
        if (Has("forget")) return PlanAction.Forget;
        if (actions.Count == 0 || actions.All(a => a == "no-op")) return PlanAction.NoOp;
        return PlanAction.Update;
    }
}
