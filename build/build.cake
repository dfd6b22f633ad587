// The task graph only: every task body is one call into the MlflowDeploy library (build/MlflowDeploy/),
// which build.sh publishes to build/.publish before Cake runs.
#r "./.publish/MlflowDeploy.dll"

using MlflowDeploy;
using MlflowDeploy.Stages;

var run = BuildRun.Create(() => PipelineParameters.Parse(
    repositoryRoot: MakeAbsolute(Directory("..")).FullPath,
    target: Argument("target", PipelineParameters.DefaultTarget),
    environment: Argument("environment", "local"),
    planFile: Argument<string>("plan-file", null),
    mlflowUrl: Argument<string>("mlflow-url", null),
    timeout: Argument<string>("timeout", null),
    smokeWrite: HasArgument("smoke-write"),
    allowDataLoss: HasArgument("allow-data-loss"),
    confirm: Argument<string>("confirm", null),
    pullRequest: Argument<string>("pr", null),
    vars: Arguments<string>("var", Array.Empty<string>()),
    since: Argument<string>("since", null),
    follow: HasArgument("follow"),
    filter: Argument<string>("filter", null),
    task: Argument<string>("task", null),
    snapshot: Argument<string>("snapshot", null),
    json: HasArgument("json"),
    lockId: Argument<string>("lock-id", null),
    leastPrivilege: HasArgument("least-privilege"),
    planLock: Argument<string>("lock", null),
    planOnly: HasArgument("plan-only")),
    line => Information("{0}", line),
    dryRun: HasArgument("dryrun"));

// Rehearse runs the same stages with the rehearsal's checks on (RehearsalPolicy.Rehearsal); run alone, a stage has them off.
Setup(context => run.Rehearsal = context.TasksToExecute.Any(task => task.Name == "Rehearse") ? RehearsalPolicy.Rehearsal : RehearsalPolicy.SingleStage);
Teardown(context => run.Dispose());

// A stage is one call into the library; a user-fixable error ends the run with one line (see BuildRun).
CakeTaskBuilder Stage(string name, string description, StageBody body) =>
    Task(name).Description(description).Does(() => run.Execute(body));

Stage("Validate", "Static checks and account preflight: fmt, validate, tfvars, credentials, region, RDS, state bucket.", ValidateStage.RunAsync);
Stage("Plan", "Plan the environment (--var name=value overrides, repeatable); write plan.bin, its manifest and a reviewed summary under artifacts/<env>/.", PlanStage.RunAsync);
Stage("Apply", "Apply exactly the reviewed plan (--plan-file), after the manifest check and the data-loss gate.", ApplyStage.RunAsync);
Stage("Verify", "Verify the deployment: ECS, ALB targets, MLflow API, logs, RDS, S3 and alarms; reports in artifacts/<env>/.", VerifyStage.RunAsync);
Stage("SecondCycle", "Rehearsal: plan and apply a changed stack (one more task) again, as the next merge would; emulated environments only.", SecondCycleStage.RunAsync);
Stage("Destroy", "Destroy the environment (--confirm=<env> outside the emulator).", DestroyStage.RunAsync);
Stage("Unlock", "Remove a state lock left by an interrupted run (--lock-id=<id> as Plan reported it; --confirm=<env> outside the emulator).", UnlockStage.RunAsync);
Stage("Report", "Nightly: open, update or close the mlflow-health and infra-drift issues from verify.json and plan-summary.json.", ReportStage.RunAsync);
Stage("ImageTag", "The tag of infra/image an environment runs (<mlflow_version>-<hash of the build inputs>); a step output under GitHub Actions.", ImageTagStage.RunAsync);
Stage("Status", "One read-only screen: URL, ECS counts and rollout, healthy targets, RDS and its storage, MLflow version, last deploy, alarms (--json: status.json).", StatusStage.RunAsync);
Stage("Logs", "The service's CloudWatch log lines: --since=10m, --filter=<pattern>, --task=<id>, --follow until Ctrl-C.", LogsStage.RunAsync);
Stage("Snapshot", "A manual RDS snapshot <stack>-<env>-<UTC time>, tagged with MLflow's experiment count, waited on (--timeout, 30m).", SnapshotStage.RunAsync);
Stage("Restore", "Plan the database's replacement from --snapshot=<id>; Apply it with --allow-data-loss, then Verify checks the data.", RestoreStage.RunAsync);
Stage("Rollback", "Plan and apply the release before the running one (mlflow_version and image, as each Apply records them on the service); refuses after a schema migration, naming the snapshot (--plan-only: plan only).", RollbackStage.RunAsync);
Stage("Migrate", "Copy experiments and runs from another MLflow (--from) to this environment's (or --to); --dry-run only counts.",
    (context, ct) => MigrateStage.RunAsync(context, new MigrateStage.Arguments(
        From: Argument<string>("from", null),
        To: Argument<string>("to", null),
        DryRun: HasArgument("dry-run"),
        Concurrency: Argument<string>("concurrency", null),
        Experiments: Argument<string>("experiment", null),
        Recheck: HasArgument("recheck"),
        RequestTimeout: Argument<string>("request-timeout", null)), ct));

Task("Rehearse")
    .Description("The whole pipeline against the local emulator: Validate, Plan, Apply, Verify, a second plan and apply, Destroy (--least-privilege: each under its CI role).")
    .IsDependentOn("Validate")
    .IsDependentOn("Plan")
    .IsDependentOn("Apply")
    .IsDependentOn("Verify")
    .IsDependentOn("SecondCycle")
    .IsDependentOn("Destroy");

RunTarget(run.Parameters.Target);
