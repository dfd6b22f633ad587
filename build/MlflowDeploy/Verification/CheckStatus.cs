namespace MlflowDeploy.Verification;

public enum CheckStatus
{
    Pass,
    Warn,
    Fail,
    Skip,
}
