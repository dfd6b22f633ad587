namespace MlflowDeploy.Tests.Workflows;

/// <summary>
/// The image reaches every plan: deploy.yml builds it in a job of its own under the image role, and every job that
/// validates, plans, applies or destroys gives terraform a digest (from that job, from the image action, or a
/// placeholder for a destroy), because the stack refuses to plan without one.
/// </summary>
public sealed class ImageWorkflowTests
{
    private const string ImageAction = "./.github/actions/image";
    private const string DigestVariable = "TF_VAR_mlflow_image_digest";

    public static TheoryData<string> WorkflowNames() => new(RepositoryWorkflows.All.Select(w => w.Name));

    [Theory]
    [MemberData(nameof(WorkflowNames))]
    public void Every_job_that_runs_terraform_pins_an_image_digest(string name)
    {
        var terraformTargets = new[] { "Validate", "Plan", "Apply", "Destroy" };
        foreach (var job in RepositoryWorkflows.Get(name).Jobs.Where(j => terraformTargets.Any(j.Runs)))
        {
            var first = job.Steps.TakeWhile(s => !s.BuildTargets.Any(terraformTargets.Contains)).ToList();
            Assert.True(job.Env.ContainsKey(DigestVariable) || first.Any(s => s.Uses == ImageAction),
                $"{name}/{job.Id} runs terraform with no {DigestVariable} in its env and no {ImageAction} step before it");
        }
    }

    [Fact]
    public void The_deploy_image_job_builds_without_an_environment_under_the_image_role_and_the_plans_and_applies_use_its_digest()
    {
        var deploy = RepositoryWorkflows.Get("deploy.yml");
        var image = deploy.Job("image");
        Assert.Null(image.Environment);
        Assert.Contains(image.Steps, s => s.Uses == "./.github/actions/aws-role" && s.With["role-arn"].Contains("AWS_IMAGE_ROLE_ARN", StringComparison.Ordinal));
        var builds = image.Steps.Where(s => s.Uses == ImageAction).ToList();
        Assert.Equal(["staging", "production"], builds.Select(s => s.With["environment"]));
        Assert.All(builds, s => Assert.Equal("true", s.With["build"]));

        foreach (var id in new[] { "plan-staging", "apply-staging", "plan-production", "apply-production" })
        {
            var environment = id.Split('-')[1];
            Assert.Equal($"${{{{ needs.image.outputs.{environment} }}}}", deploy.Job(id).Env[DigestVariable]);
        }
    }

    [Fact]
    public void Only_the_deploy_image_job_assumes_the_image_role_and_pull_requests_never_build()
    {
        var assumers = RepositoryWorkflows.All
            .SelectMany(w => w.Jobs.Select(j => (Workflow: w.Name, Job: j)))
            .Where(x => x.Job.Steps.Any(s => s.Uses == "./.github/actions/aws-role" && s.With["role-arn"].Contains("AWS_IMAGE_ROLE_ARN", StringComparison.Ordinal)))
            .Select(x => $"{x.Workflow}/{x.Job.Id}");
        Assert.Equal(["deploy.yml/image"], assumers);

        var pullRequestImage = Assert.Single(RepositoryWorkflows.Get("plan.yml").AllSteps, s => s.Uses == ImageAction);
        Assert.False(pullRequestImage.With.ContainsKey("build"), "a pull request's plan must not build or push an image");
        Assert.Equal("true", pullRequestImage.With["allow-missing"]);
    }
}
