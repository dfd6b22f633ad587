namespace MlflowDeploy.Mlflow;

/// <summary>The <c>lifecycle_stage</c> values of experiments and runs; a deleted one is only soft-deleted.</summary>
public static class MlflowLifecycleStage
{
    public const string Active = "active";
    public const string Deleted = "deleted";
}
