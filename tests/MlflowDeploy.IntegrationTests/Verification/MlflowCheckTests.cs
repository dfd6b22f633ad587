using MlflowDeploy.Mlflow;
using MlflowDeploy.Terraform;
using MlflowDeploy.Tests.MlflowDouble;
using MlflowDeploy.Verification;

namespace MlflowDeploy.Tests.Verification;

/// <summary>
/// The MLflow checks through the runner, against the double over real HTTP. The runner's clock is manual and
/// moves only while it sleeps (<see cref="ManualClockDriver"/>), so deadlines and durations are exact.
/// </summary>
public sealed class MlflowCheckTests : IAsyncLifetime
{
    private MlflowDoubleServer _server = null!;
    private readonly List<VerificationProgress> _progress = [];
    private readonly ManualTimeProvider _time = new();

    public async Task InitializeAsync() => _server = await MlflowDoubleServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private MlflowClient Client(MlflowCredentials? credentials = null, TimeSpan? requestTimeout = null, MlflowDoubleServer? server = null) => new(new MlflowClientOptions
    {
        BaseUrl = (server ?? _server).BaseUrl,
        Credentials = credentials ?? MlflowCredentials.None,
        RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(5),
    });

    private Task<VerificationReport> VerifyAsync(TimeSpan timeout, params IVerificationCheck[] checks) =>
        ManualClockDriver.RunAsync(_time, new VerificationOptions
        {
            Environment = "double",
            Timeout = timeout,
            InitialBackoff = TimeSpan.FromMilliseconds(50),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
            ProbeGrace = TimeSpan.FromSeconds(5),
            Progress = new SynchronousProgress<VerificationProgress>(p => { lock (_progress) { _progress.Add(p); } }),
        }, checks);

    private IEnumerable<MlflowDoubleStore.ExperimentRecord> SmokeExperiments =>
        _server.Store.Experiments.Where(e => e.Name.StartsWith(MlflowSmokeWriteCheck.ExperimentNamePrefix, StringComparison.Ordinal));

    [Fact]
    public async Task A_healthy_server_passes_health_api_and_smoke_write_and_the_smoke_leaves_nothing_active()
    {
        using var client = Client();

        var report = await VerifyAsync(
            TimeSpan.FromSeconds(30),
            new MlflowHealthCheck(client, "2.17.2"), new MlflowApiCheck(client), new MlflowSmokeWriteCheck(client));

        Assert.All(report.Checks, c => Assert.Equal(CheckStatus.Pass, c.Status));
        Assert.Equal(0, report.ExitCode);
        Assert.Contains("MLflow 2.17.2 as deployed", report.Checks[0].Detail);
        Assert.Contains("an artifact through the proxy", report.Checks[2].Detail);

        var smoke = Assert.Single(SmokeExperiments);
        Assert.Matches(@"^mlflow-deploy-smoke-\d{8}T\d{6}Z-[0-9a-f]{8}$", smoke.Name);
        Assert.Equal("deleted", smoke.LifecycleStage);
        Assert.All(_server.Store.Runs, r => Assert.Equal("deleted", r.LifecycleStage));
        Assert.Empty(_server.Store.ArtifactPaths);
        Assert.Contains(_server.Requests, r => r.StartsWith("PUT /api/2.0/mlflow-artifacts/artifacts/", StringComparison.Ordinal));
        Assert.Contains(_server.Requests, r => r.StartsWith("DELETE /api/2.0/mlflow-artifacts/artifacts/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_smoke_runs_use_fresh_names_because_a_deleted_experiment_keeps_its_name()
    {
        using var client = Client();
        var check = new MlflowSmokeWriteCheck(client);

        Assert.Equal(CheckStatus.Pass, (await check.ProbeAsync(CancellationToken.None)).Status);
        Assert.Equal(CheckStatus.Pass, (await check.ProbeAsync(CancellationToken.None)).Status);

        Assert.Equal(2, SmokeExperiments.Select(e => e.Name).Distinct().Count());
    }

    [Fact]
    public async Task Health_503_for_a_few_polls_is_waited_out()
    {
        _server.Faults.UnavailableFor(3);
        using var client = Client();

        var report = await VerifyAsync(TimeSpan.FromSeconds(30), new MlflowHealthCheck(client, "2.17.2"));

        Assert.Equal(CheckStatus.Pass, Assert.Single(report.Checks).Status);
        Assert.True(_server.Requests.Count(r => r == "GET /health") >= 4);
        Assert.Contains(_progress, p => p.Pending.Any(c => c.Name == "mlflow.health" && c.Reason.Contains("HTTP 503")));
    }

    [Fact]
    public async Task Health_503_forever_fails_at_the_deadline_with_the_reason()
    {
        _server.Faults.UnavailableForever = true;
        using var client = Client();

        var report = await VerifyAsync(TimeSpan.FromSeconds(2), new MlflowHealthCheck(client, "2.17.2"));

        var result = Assert.Single(report.Checks);
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith("still unavailable — GET /health answered HTTP 503 Service Unavailable", result.Detail);
        Assert.EndsWith(" after 2 s", result.Detail);
        Assert.Equal(TimeSpan.FromSeconds(2), report.Duration);
        Assert.Equal(TimeSpan.FromSeconds(2), result.Duration);
        Assert.True(_server.Requests.Count > 3, "the check looked more than a few times");
    }

    [Fact]
    public async Task An_answer_slower_than_the_request_timeout_is_pending_and_fails_at_the_deadline()
    {
        _server.Faults.ResponseDelay = TimeSpan.FromSeconds(5);
        using var client = Client(requestTimeout: TimeSpan.FromMilliseconds(300));

        Assert.True((await new MlflowHealthCheck(client, "2.17.2").ProbeAsync(CancellationToken.None)).IsPending);
        var report = await VerifyAsync(TimeSpan.FromSeconds(0.5), new MlflowHealthCheck(client, "2.17.2"));

        var result = Assert.Single(report.Checks);
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal("still slow — GET /health did not answer within 300 ms after 500 ms", result.Detail);
        Assert.Equal(TimeSpan.FromSeconds(0.5), report.Duration);
    }

    [Fact]
    public async Task Malformed_search_json_fails_the_api_check_at_once_naming_the_breach()
    {
        _server.Faults.MalformedSearchJson = true;
        using var client = Client();

        var report = await VerifyAsync(TimeSpan.FromSeconds(60), new MlflowApiCheck(client));

        var result = Assert.Single(report.Checks);
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith("contract breach — GET /api/2.0/mlflow/experiments/search answered HTTP 200 but not with the documented JSON", result.Detail);
        Assert.Equal(TimeSpan.Zero, report.Duration); // a final failure waits for nothing
    }

    [Fact]
    public async Task A_health_body_other_than_OK_is_a_contract_breach()
    {
        _server.Faults.HealthBody = "<html>maintenance</html>";
        using var client = Client();

        var probe = await new MlflowHealthCheck(client, "2.17.2").ProbeAsync(CancellationToken.None);

        Assert.Equal((false, CheckStatus.Fail), (probe.IsPending, probe.Status));
        Assert.Contains("contract breach", probe.Detail);
        Assert.Contains("maintenance", probe.Detail);
    }

    [Fact]
    public async Task Basic_auth_401_without_credentials_says_which_variables_to_set_and_passes_with_them()
    {
        _server.Faults.RequiredBasicAuth = ("admin", "s3cret-sentinel");

        using (var anonymous = Client())
        {
            var report = await VerifyAsync(TimeSpan.FromSeconds(60), new MlflowHealthCheck(anonymous, "2.17.2"), new MlflowApiCheck(anonymous));
            Assert.All(report.Checks, c =>
            {
                Assert.Equal(CheckStatus.Fail, c.Status);
                Assert.Contains("401", c.Detail);
                Assert.Contains("MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN", c.Detail);
            });
            Assert.Equal(TimeSpan.Zero, report.Duration);
        }

        using (var wrong = Client(MlflowCredentials.Basic("admin", "not-it")))
        {
            var probe = await new MlflowApiCheck(wrong).ProbeAsync(CancellationToken.None);
            Assert.Equal(CheckStatus.Fail, probe.Status);
            Assert.Contains("credentials rejected (basic auth as 'admin')", probe.Detail);
            Assert.DoesNotContain("not-it", probe.Detail);
        }

        var credentials = MlflowCredentials.Basic("admin", "s3cret-sentinel");
        using var authorized = Client(credentials);
        var passing = await new VerificationRunner(new VerificationOptions { Environment = "double", Secrets = credentials.SecretValues })
            .RunAsync([new MlflowHealthCheck(authorized, "2.17.2"), new MlflowApiCheck(authorized), new MlflowSmokeWriteCheck(authorized)], CancellationToken.None);
        Assert.All(passing.Checks, c => Assert.Equal(CheckStatus.Pass, c.Status));
        Assert.DoesNotContain("s3cret-sentinel", passing.ToJson() + passing.ToMarkdown());
    }

    [Fact]
    public async Task A_403_with_credentials_is_a_final_permission_failure()
    {
        _server.Faults.FailingEndpoints["experiments/create"] = 403;
        using var client = Client(MlflowCredentials.Bearer("reader-token-sentinel"));

        var probe = await new MlflowSmokeWriteCheck(client).ProbeAsync(CancellationToken.None);

        Assert.Equal((false, CheckStatus.Fail), (probe.IsPending, probe.Status));
        Assert.StartsWith("step 'create experiment' failed: POST /api/2.0/mlflow/experiments/create answered HTTP 403", probe.Detail);
        Assert.Contains("credentials rejected — bearer token (MLFLOW_TRACKING_TOKEN) lacks permission", probe.Detail);
        Assert.DoesNotContain("reader-token-sentinel", probe.Detail);
    }

    [Fact]
    public async Task A_smoke_write_failing_halfway_still_deletes_its_run_and_experiment_and_names_the_step()
    {
        _server.Faults.FailingEndpoints["runs/log-metric"] = 500;
        using var client = Client();

        var report = await VerifyAsync(TimeSpan.FromSeconds(60), new MlflowSmokeWriteCheck(client));

        var result = Assert.Single(report.Checks);
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith("step 'log metric' failed: POST /api/2.0/mlflow/runs/log-metric answered HTTP 500", result.Detail);
        Assert.EndsWith("clean-up deleted the run and the experiment", result.Detail);
        Assert.Contains(result.Diagnosis, l => l.StartsWith("FAILED: log metric", StringComparison.Ordinal));

        var smoke = Assert.Single(SmokeExperiments);
        Assert.Equal("deleted", smoke.LifecycleStage);
        var run = Assert.Single(_server.Store.Runs, r => r.ExperimentId == smoke.Id);
        Assert.Equal("deleted", run.LifecycleStage);
        Assert.DoesNotContain(SmokeExperiments, e => e.LifecycleStage == "active");
    }

    [Fact]
    public async Task A_smoke_write_failing_at_the_artifact_step_deletes_the_artifact_too()
    {
        _server.Faults.FailingEndpoints["/api/2.0/mlflow-artifacts/artifacts"] = 500;
        using var client = Client();

        var probe = await new MlflowSmokeWriteCheck(client).ProbeAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Fail, probe.Status);
        Assert.StartsWith("step 'list artifacts' failed", probe.Detail);
        Assert.Empty(_server.Store.ArtifactPaths);
        Assert.All(_server.Store.Runs, r => Assert.Equal("deleted", r.LifecycleStage));
        Assert.DoesNotContain(SmokeExperiments, e => e.LifecycleStage == "active");
    }

    [Fact]
    public async Task A_smoke_write_against_a_warming_load_balancer_waits_and_creates_nothing_until_it_answers()
    {
        _server.Faults.UnavailableFor(1);
        using var client = Client();
        var check = new MlflowSmokeWriteCheck(client);

        var first = await check.ProbeAsync(CancellationToken.None);
        Assert.True(first.IsPending);
        Assert.StartsWith("unavailable — POST /api/2.0/mlflow/experiments/create answered HTTP 503", first.Detail);
        Assert.EndsWith("at step 'create experiment'", first.Detail);
        Assert.Empty(SmokeExperiments);

        var report = await VerifyAsync(TimeSpan.FromSeconds(30), check);
        Assert.Equal(CheckStatus.Pass, Assert.Single(report.Checks).Status);
        Assert.Single(SmokeExperiments);
    }

    [Fact]
    public async Task A_redirect_is_reported_with_its_target_instead_of_being_followed()
    {
        _server.Faults.RedirectTo = new Uri("https://mlflow.example.com/");
        using var client = Client();

        var probe = await new MlflowSmokeWriteCheck(client).ProbeAsync(CancellationToken.None);

        Assert.Equal((false, CheckStatus.Fail), (probe.IsPending, probe.Status));
        Assert.Contains("answered HTTP 301 Moved Permanently to https://mlflow.example.com/api/2.0/mlflow/experiments/create", probe.Detail);
        Assert.Contains("give Verify the URL the server redirects to", probe.Detail);
        Assert.Equal(["POST /api/2.0/mlflow/experiments/create"], _server.Requests);
    }

    [Fact]
    public async Task A_server_that_does_not_proxy_artifacts_skips_that_part_and_says_so()
    {
        await using var direct = await MlflowDoubleServer.StartAsync(serveArtifacts: false);
        using var client = Client(server: direct);

        var probe = await new MlflowSmokeWriteCheck(client).ProbeAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Pass, probe.Status);
        Assert.Contains("proxy round trip was skipped", probe.Detail);
        Assert.Contains("s3://", probe.Detail);
        Assert.DoesNotContain(direct.Requests, r => r.Contains("mlflow-artifacts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_version_other_than_the_deployed_one_fails_naming_both()
    {
        await using var old = await MlflowDoubleServer.StartAsync(version: "2.16.0");
        using var client = Client(server: old);

        var report = await VerifyAsync(TimeSpan.FromSeconds(1), new MlflowHealthCheck(client, "2.17.2"));

        var result = Assert.Single(report.Checks);
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith("still serving MLflow 2.16.0, expected 2.17.2", result.Detail);
        Assert.Equal(CheckStatus.Pass, (await new MlflowHealthCheck(client, "v2.16.0").ProbeAsync(CancellationToken.None)).Status);
    }

    [Fact]
    public async Task MlflowChecks_assembles_the_checks_from_the_deployment_outputs()
    {
        var outputs = new DeploymentOutputs
        {
            Region = "eu-west-2",
            MlflowUrl = _server.BaseUrl.ToString(),
            MlflowVersion = "2.17.2",
            ClusterName = "c", ServiceName = "s", ContainerName = "mlflow", TaskDefinitionArn = "arn:td", DesiredCount = 1,
            LoadBalancerArn = "arn:lb", TargetGroupArn = "arn:tg", LogGroupName = "/ecs/mlflow", DbInstanceIdentifier = "db",
            ArtifactBucketName = "bucket",
        };
        using var client = Client();

        Assert.Equal(["mlflow.health", "mlflow.api"], MlflowChecks.For(outputs, client, smokeWrite: false).Select(c => c.Name));
        var checks = MlflowChecks.For(outputs, client, smokeWrite: true);
        Assert.Equal(["mlflow.health", "mlflow.api", "mlflow.write"], checks.Select(c => c.Name));

        var report = await VerifyAsync(TimeSpan.FromSeconds(30), [.. checks]);
        Assert.Equal(VerificationOutcome.Healthy, report.Outcome);
    }
}
