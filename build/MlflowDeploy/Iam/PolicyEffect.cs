namespace MlflowDeploy.Iam;

public enum PolicyEffect
{
    Allow,
    Deny,
}
