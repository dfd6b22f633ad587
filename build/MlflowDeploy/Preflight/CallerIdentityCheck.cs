using MlflowDeploy.Aws;

namespace MlflowDeploy.Preflight;

/// <summary>Credentials resolve, STS says whose they are, and that is the account the environment expects.</summary>
public static class CallerIdentityCheck
{
    public const string Name = "credentials";

    public static PreflightResult Judge(CallerIdentity identity, string? expectedAccountId, string varFileShown)
    {
        if (expectedAccountId is not null && identity.Account != expectedAccountId)
        {
            return PreflightResult.Fail(Name,
                $"the credentials belong to account {identity.Account} ({identity.Arn}), but {varFileShown} sets expected_account_id = \"{expectedAccountId}\" — "
                + $"use credentials for account {expectedAccountId} (AWS_PROFILE), or correct expected_account_id");
        }

        var expected = expectedAccountId is null ? " (no expected_account_id set)" : " (the expected account)";
        return PreflightResult.Pass(Name, $"account {identity.Account}{expected} as {identity.Arn}");
    }
}
