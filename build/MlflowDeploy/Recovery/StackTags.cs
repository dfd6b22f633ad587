using MlflowDeploy.Environments;

namespace MlflowDeploy.Recovery;

/// <summary>
/// The tags every resource of the stack carries: the provider's <c>default_tags</c> in <c>infra/providers.tf</c>
/// (Project, Environment from <c>var.environment</c>, Stack from <c>var.name</c>). A resource with all three is the stack's.
/// </summary>
public static class StackTags
{
    public const string Project = "mlflow-deploy";

    // infra/variables.tf: name defaults to "mlflow"; environment has no default, so every tfvars sets it.
    public static IReadOnlyDictionary<string, string> For(TfvarsFile tfvars, DeployEnvironment environment) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Project"] = Project,
        ["Environment"] = tfvars.GetString("environment") ?? environment.Name,
        ["Stack"] = tfvars.GetString("name") ?? "mlflow",
    };
}
