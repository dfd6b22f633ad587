namespace MlflowDeploy.InitTask;

/// <summary>
/// How terraform finds the hook: <see cref="Variable"/> names the library's own program (the apphost published
/// beside MlflowDeploy.dll), which infra/init.tf runs as <c>"$MLFLOW_DEPLOY_INIT_HOOK" init-task</c>.
/// </summary>
public static class InitHookCommand
{
    public const string Variable = "MLFLOW_DEPLOY_INIT_HOOK";
    public const string Verb = "init-task";

    public static string Executable() =>
        Path.Combine(
            Path.GetDirectoryName(typeof(InitHookCommand).Assembly.Location)!,
            OperatingSystem.IsWindows() ? "MlflowDeploy.exe" : "MlflowDeploy");
}
