namespace MlflowDeploy.Iam;

/// <summary>
/// The two AWS roles <c>infra/bootstrap</c> creates per environment, and so the two identities a stage can run as.
/// The workflows assume them through GitHub OIDC; <c>--least-privilege</c> assumes them the same way in the emulator.
/// </summary>
public enum PipelineRole
{
    /// <summary>Read-only: Validate, Plan and Verify (pull requests, the deploy workflow's plans, the nightly check).</summary>
    Plan,

    /// <summary>Changes one environment: Apply and Destroy, only from deploy.yml and destroy.yml on main, inside the environment.</summary>
    Deploy,
}
