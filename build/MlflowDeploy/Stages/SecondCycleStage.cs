namespace MlflowDeploy.Stages;

/// <summary>
/// The rehearsal's second deploy: the stack changes (one more task than its tfvars ask for, as a plan override like <c>--var=desired_count=3</c>)
/// and is planned and applied again, each stage under its own role when <c>--least-privilege</c> is on. It proves what
/// the first deploy cannot: that the plan of an existing stack refreshes everything it reads, and that a change applies
/// and converges. The emulated environments only; an account's next deploy is the next merge.
/// </summary>
public static class SecondCycleStage
{
    public static async Task RunAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        if (!context.Environment.UsesEmulator)
        {
            throw new ActionableError(
                $"SecondCycle changes the stack to rehearse a second deploy; '{context.Environment.Name}' is an AWS account — run it against --environment=local",
                exitCode: 2);
        }

        var current = context.Tfvars.GetInt("desired_count") ?? 2;
        var next = current + 1;
        context.Log($"second cycle: desired_count {current} → {next} (a plan override), planned and applied as the next merge would be");
        context.OverrideVariable("desired_count", next.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await context.RunStageAsync(PlanStage.RunAsync, cancellationToken).ConfigureAwait(false);
        await context.RunStageAsync(ApplyStage.RunAsync, cancellationToken).ConfigureAwait(false);
    }
}
