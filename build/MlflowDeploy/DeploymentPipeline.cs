using System.Diagnostics;
using MlflowDeploy.Aws;
using MlflowDeploy.Environments;
using MlflowDeploy.GitHub;
using MlflowDeploy.Local;
using MlflowDeploy.Preflight;
using MlflowDeploy.Review;
using MlflowDeploy.Terraform;
using MlflowDeploy.Verification;
using Spectre.Console;

namespace MlflowDeploy;

/// <summary>
/// One run of the build: the resolved environment, the emulator when the environment is local, and
/// terraform bound to both. Each Cake task calls one method here; the data of one stage reaches the
/// next through files under <c>artifacts/&lt;env&gt;/</c>.
/// </summary>
public sealed class DeploymentPipeline : IAsyncDisposable
{
    private readonly PipelineParameters _parameters;
    private readonly Action<string> _log;
    private readonly MotoEmulator? _emulator;
    private readonly ProcessEnvironmentScope? _awsScope;
    private readonly TerraformWorkspace _terraform;
    private readonly Uri? _emulatorEndpoint;
    private bool _initialized;

    private DeploymentPipeline(
        PipelineParameters parameters,
        DeployEnvironment environment,
        Action<string> log,
        MotoEmulator? emulator,
        ProcessEnvironmentScope? awsScope,
        TerraformWorkspace terraform,
        Uri? emulatorEndpoint)
    {
        _parameters = parameters;
        Environment = environment;
        _log = log;
        _emulator = emulator;
        _awsScope = awsScope;
        _terraform = terraform;
        _emulatorEndpoint = emulatorEndpoint;
    }

    public DeployEnvironment Environment { get; }

    public string PlanFile => _parameters.PlanFile is { } file
        ? Path.GetFullPath(file, _parameters.RepositoryRoot)
        : Path.Combine(Environment.ArtifactsDirectory, "plan.bin");

    public static async Task<DeploymentPipeline> StartAsync(PipelineParameters parameters, Action<string> log, CancellationToken cancellationToken)
    {
        var environment = EnvironmentCatalog.Resolve(parameters.RepositoryRoot, parameters.Environment);
        var settings = TerraformSettings.FromEnvironment();

        // Fail on a missing terraform before an emulator is started for nothing.
        _ = TerraformWorkspace.LocateTerraform();

        MotoEmulator? emulator = null;
        ProcessEnvironmentScope? scope = null;
        IReadOnlyDictionary<string, string?> aws = new Dictionary<string, string?>();
        Uri? endpoint = null;
        if (environment.UsesEmulator)
        {
            var tfvars = TfvarsFile.Read(environment.VarFile);
            var region = tfvars.GetString("region") ?? "eu-west-2";
            if (MotoOptions.ExternalEndpoint() is { } external)
            {
                // An emulator the user keeps running: its resources outlive this run, and so does the state.
                endpoint = external;
                log($"AWS emulator: using {endpoint} (MLFLOW_DEPLOY_EMULATOR_URL); it was started outside this run and is left running");
            }
            else
            {
                // The emulator keeps its resources in memory only, so state from an earlier run describes an
                // account that no longer exists; start from none.
                ForgetLocalState(environment);
                var running = tfvars.GetInt("desired_count") ?? 2;
                var options = MotoOptions.FromEnvironment(Path.Combine(environment.ArtifactsDirectory, "moto.log"), running);
                var started = Stopwatch.StartNew();
                emulator = await MotoEmulator.StartAsync(options, cancellationToken).ConfigureAwait(false);
                endpoint = emulator.Endpoint;
                log($"AWS emulator (moto) listening on {endpoint} (pid {emulator.ProcessId}, {DurationText.Human(started.Elapsed)}); log: {Relative(parameters, emulator.LogFile)}");
            }

            aws = EmulatedAccount.Variables(endpoint, region);
            scope = new ProcessEnvironmentScope(aws);
        }

        try
        {
            var terraform = TerraformWorkspace.Create(environment, settings, aws, log);
            return new DeploymentPipeline(parameters, environment, log, emulator, scope, terraform, endpoint);
        }
        catch
        {
            scope?.Dispose();
            if (emulator is not null)
            {
                await emulator.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>
    /// Validate: static checks, the account preflight and the container configuration, in that order,
    /// stopping at the first group that fails; nothing is created.
    /// </summary>
    public Task ValidateAsync(CancellationToken cancellationToken) =>
        EnvironmentPreflight.RunAsync(_terraform, new PreflightOptions { AgainstEmulator = Environment.UsesEmulator }, _log, cancellationToken);

    /// <summary>
    /// Plans into plan.bin, then reviews it: a redacted JSON, the summary (console, Markdown, JSON), the
    /// manifest that Apply checks, the step summary and the PR comment where the run has a pull request.
    /// </summary>
    public async Task<PlanReviewResult> PlanAsync(CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(Path.GetDirectoryName(PlanFile)!);

        // A failed plan must not leave an older, reviewed-looking plan (or terraform's errored one) behind.
        TryDelete(PlanManifest.PathFor(PlanFile));
        TryDelete(PlanFile);
        try
        {
            await _terraform.PlanAsync(PlanFile, destroy: false, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            TryDelete(PlanFile);
            throw;
        }

        // The raw JSON holds sensitive values in clear; the review keeps only a redacted copy of it.
        var rawJson = Path.Combine(Environment.ArtifactsDirectory, "plan.raw.json");
        await _terraform.ShowJsonAsync(PlanFile, rawJson, cancellationToken).ConfigureAwait(false);
        var review = await PlanReview.ReviewAsync(
            new PlanReviewInput
            {
                Environment = Environment.Name,
                PlanJsonPath = rawJson,
                PlanText = await _terraform.ShowTextAsync(PlanFile, cancellationToken).ConfigureAwait(false),
                ArtifactsDir = Path.GetDirectoryName(Environment.ArtifactsDirectory)!,
            },
            cancellationToken).ConfigureAwait(false);
        await PlanManifest.WriteAsync(
            new PlanManifestInput
            {
                PlanFile = PlanFile,
                Environment = Environment.Name,
                TerraformVersion = await _terraform.VersionAsync(cancellationToken).ConfigureAwait(false),
                VarFiles = [_terraform.VarFileArgument],
                RepositoryDirectory = _parameters.RepositoryRoot,
            },
            cancellationToken).ConfigureAwait(false);

        _log(review.ConsoleText);
        _log($"written: {Relative(PlanFile)}, {Relative(PlanManifest.PathFor(PlanFile))}, {Relative(review.MarkdownPath)}, {Relative(review.SummaryJsonPath)}, {Relative(review.RedactedPlanJsonPath)}");
        await PublishAsync(review, cancellationToken).ConfigureAwait(false);
        return review;
    }

    /// <summary>
    /// Applies exactly the reviewed plan: the manifest must match the file, and a plan that destroys or
    /// replaces stateful resources needs --allow-data-loss. The gate reads the plan file itself, not a
    /// summary written earlier, so what is checked is what terraform will do.
    /// </summary>
    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        await PlanManifest.VerifyAsync(PlanFile, Environment.Name, cancellationToken).ConfigureAwait(false);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var summary = await _terraform.ReadPlanJsonAsync(PlanFile, PlanSummaryReader.ReadAsync, cancellationToken).ConfigureAwait(false);
        var accepted = DataLossGate.Enforce(summary, _parameters.AllowDataLoss);
        if (accepted.Count > 0)
        {
            _log($"WARNING: --allow-data-loss given; accepting the loss of {DataLossGate.Describe(accepted)}");
        }

        await _terraform.ApplyAsync(PlanFile, cancellationToken).ConfigureAwait(false);
        if (_parameters.IsRehearsal)
        {
            await ConvergeAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_emulatorEndpoint is { } emulator)
        {
            await StandInForFargateAsync(emulator, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Re-plans after apply; a providers' read-back that differs from what was sent shows up as changes.
    /// Those are applied once and listed, and the plan after that must be clean.
    /// </summary>
    private async Task ConvergeAsync(CancellationToken cancellationToken)
    {
        var replan = Path.Combine(Environment.ArtifactsDirectory, "converge.plan.bin");
        try
        {
            await ConvergeWithAsync(replan, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            TryDelete(replan);
        }
    }

    private async Task ConvergeWithAsync(string replan, CancellationToken cancellationToken)
    {
        if (!await _terraform.PlanAsync(replan, destroy: false, cancellationToken).ConfigureAwait(false))
        {
            _log("second plan: no changes — the apply converged");
            return;
        }

        foreach (var drift in await _terraform.ReadPlanJsonAsync(replan, ChangedAttributes.ReadAsync, cancellationToken).ConfigureAwait(false))
        {
            _log($"WARNING: read back differently after apply: {drift}");
        }

        _log("WARNING: the plan after apply is not clean; applying it once more to converge");
        await _terraform.ApplyAsync(replan, cancellationToken).ConfigureAwait(false);
        if (await _terraform.PlanAsync(replan, destroy: false, cancellationToken).ConfigureAwait(false))
        {
            throw new ActionableError("the plan still shows changes after a converging re-apply — the configuration does not converge; see the plan above");
        }

        _log("third plan: no changes — converged after one re-apply");
    }

    private async Task<DeploymentOutputs> ReadOutputsAsync(CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        using var outputs = await _terraform.OutputsAsync(cancellationToken).ConfigureAwait(false);
        return DeploymentOutputs.FromTerraformOutputs(outputs.RootElement);
    }

    /// <summary>
    /// Verifies what Terraform deployed: every check concurrently under one deadline, a console table,
    /// verify.json and verify.md. An unhealthy deployment ends the run with exit 1, one that could not be
    /// checked (no access, nothing deployed) with exit 2.
    /// </summary>
    public async Task<VerificationReport> VerifyAsync(CancellationToken cancellationToken)
    {
        var outputs = await ReadOutputsAsync(cancellationToken).ConfigureAwait(false);
        _log($"verifying {outputs.ServiceName} in {outputs.ClusterName} ({outputs.Region}), deadline {_parameters.VerifyTimeout.TotalMinutes:0.#} min");
        using var aws = await AwsClients.CreateAsync(outputs.Region, cancellationToken).ConfigureAwait(false);
        var report = await DeploymentVerification.RunAsync(
            outputs,
            new DeploymentVerificationOptions
            {
                Runner = new VerificationOptions
                {
                    Environment = Environment.Name,
                    Timeout = _parameters.VerifyTimeout,
                    Progress = new Progress<VerificationProgress>(progress => _log(progress.ToString())),
                },
                SmokeWrite = _parameters.SmokeWrite,
                MlflowUrl = _parameters.MlflowUrl is { } url ? new Uri(url) : null,
                MlflowAvailability = Environment.UsesEmulator ? MlflowAvailability.NotServedByEmulator : MlflowAvailability.AtDeployedUrl,
            },
            aws,
            _log,
            cancellationToken).ConfigureAwait(false);

        report.Render(AnsiConsole.Console);
        var files = await report.WriteAsync(Environment.ArtifactsDirectory, cancellationToken).ConfigureAwait(false);
        _log($"written: {Relative(files.JsonPath)}, {Relative(files.MarkdownPath)}");
        if (await StepSummary.AppendAsync(report.ToMarkdown(), cancellationToken).ConfigureAwait(false))
        {
            _log("verification report appended to the GitHub step summary");
        }

        if (report.ExitCode != 0)
        {
            var failed = report.Checks.Where(c => c.Status == CheckStatus.Fail).Select(c => c.Name).ToList();
            throw new ActionableError(
                $"verification {report.OutcomeText}: {failed.Count} of {report.Checks.Count} checks failed ({string.Join(", ", failed)}) — see the diagnosis in {Relative(files.MarkdownPath)}",
                report.ExitCode);
        }

        return report;
    }

    /// <summary>
    /// The nightly report: opens, updates or closes the mlflow-health and infra-drift issues from what Verify
    /// and Plan wrote. It succeeds whatever their findings; the workflow decides whether the night failed.
    /// </summary>
    public async Task ReportAsync(CancellationToken cancellationToken)
    {
        var findings = await IncidentFindings.ReadAsync(Environment.ArtifactsDirectory, Environment.Name, WorkflowRunLink.FromEnvironment().RunUrl, cancellationToken).ConfigureAwait(false);
        foreach (var finding in findings)
        {
            var outcome = await IncidentIssue.ReportAsync(finding, cancellationToken).ConfigureAwait(false);
            _log(outcome.Action == IncidentAction.Skipped ? "WARNING: " + outcome.Message : outcome.Message);
        }
    }

    public async Task DestroyAsync(CancellationToken cancellationToken)
    {
        if (!Environment.UsesEmulator && !string.Equals(_parameters.Confirm, Environment.Name, StringComparison.Ordinal))
        {
            throw new ActionableError(
                $"Destroy of '{Environment.Name}' needs a typed confirmation — re-run with --confirm={Environment.Name}",
                exitCode: 2);
        }

        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        if (!Environment.UsesEmulator)
        {
            await KeepArtifactBucketAsync(cancellationToken).ConfigureAwait(false);
        }

        await _terraform.DestroyAsync(cancellationToken).ConfigureAwait(false);
        if (_parameters.IsRehearsal)
        {
            await ConfirmNothingLeftAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The artifact bucket holds every model and artifact ever logged; tearing down the service must not take
    /// it along. Its resources leave the state before destroy, so terraform forgets the bucket instead of
    /// deleting it, and the run says where it is.
    /// </summary>
    private async Task KeepArtifactBucketAsync(CancellationToken cancellationToken)
    {
        var bucket = await _terraform.StateListAsync(cancellationToken).ConfigureAwait(false);
        var kept = bucket.Where(address => address.StartsWith("aws_s3_bucket", StringComparison.Ordinal)).ToList();
        if (kept.Count == 0)
        {
            return;
        }

        var name = await ArtifactBucketNameAsync(cancellationToken).ConfigureAwait(false);
        await _terraform.StateRemoveAsync(kept, cancellationToken).ConfigureAwait(false);
        _log($"kept: the artifact bucket {name} ({kept.Count} resource(s) removed from state, not destroyed); delete it by hand when its artifacts are no longer needed");
    }

    private async Task<string> ArtifactBucketNameAsync(CancellationToken cancellationToken)
    {
        using var outputs = await _terraform.OutputsAsync(cancellationToken).ConfigureAwait(false);
        return outputs.RootElement.TryGetProperty("artifact_bucket_name", out var output) && output.TryGetProperty("value", out var value)
            ? "s3://" + value.GetString()
            : "(name unknown: no artifact_bucket_name output)";
    }

    /// <summary>After a rehearsal's destroy: nothing may remain in state.</summary>
    private async Task ConfirmNothingLeftAsync(CancellationToken cancellationToken)
    {
        var left = await _terraform.StateListAsync(cancellationToken).ConfigureAwait(false);
        if (left.Count > 0)
        {
            throw new ActionableError($"destroy left {left.Count} resource(s) in state: {string.Join(", ", left.Take(5))}");
        }

        _log("state is empty: nothing is left");
    }

    public async ValueTask DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync().ConfigureAwait(false);
            _log("AWS emulator stopped");
        }

        _awsScope?.Dispose();
        if (_emulator is not null)
        {
            ForgetLocalState(Environment);
        }
    }

    /// <summary>
    /// The emulator runs no containers: in the local environment only, tasks are started, registered as
    /// targets and given MLflow's start-up log lines, so that Verify has a running service to look at.
    /// </summary>
    private async Task StandInForFargateAsync(Uri emulator, CancellationToken cancellationToken)
    {
        var outputs = await ReadOutputsAsync(cancellationToken).ConfigureAwait(false);
        var workers = TfvarsFile.Read(Environment.VarFile).GetInt("gunicorn_workers") ?? 2;
        using var aws = await AwsClients.CreateAsync(outputs.Region, cancellationToken).ConfigureAwait(false);
        await FargateStandIn.StartAsync(outputs, aws, emulator, _log, cancellationToken, workers).ConfigureAwait(false);
    }

    /// <summary>The review goes to the step summary in any workflow, and to the PR when the run has one.</summary>
    private async Task PublishAsync(PlanReviewResult review, CancellationToken cancellationToken)
    {
        if (await StepSummary.AppendAsync(review.Markdown, cancellationToken).ConfigureAwait(false))
        {
            _log("plan summary appended to the GitHub step summary");
        }

        var inGitHub = System.Environment.GetEnvironmentVariable("GITHUB_ACTIONS") == "true"
            || System.Environment.GetEnvironmentVariable("GITHUB_TOKEN") is { Length: > 0 };
        if (!inGitHub && _parameters.PullRequest is null)
        {
            return;
        }

        var outcome = await PullRequestComment.PublishAsync(
            PullRequestCommentRequest.Plan(Environment.Name, review.Markdown, _parameters.PullRequest),
            cancellationToken).ConfigureAwait(false);
        _log(outcome.Action == CommentAction.Skipped ? $"WARNING: {outcome.Message}" : outcome.Message);
    }

    private async Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _terraform.InitAsync(cancellationToken).ConfigureAwait(false);
        _initialized = true;
    }

    private string Relative(string path) => Relative(_parameters, path);

    private static string Relative(PipelineParameters parameters, string path) => Path.GetRelativePath(parameters.RepositoryRoot, path);

    private static void ForgetLocalState(DeployEnvironment environment)
    {
        TryDelete(environment.LocalStateFile);
        TryDelete(environment.LocalStateFile + ".backup");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for the next init to overwrite.
        }
    }
}
