using MlflowDeploy.Tests.Support;
using System.Text.Json.Nodes;
using MlflowDeploy.Review;

namespace MlflowDeploy.Tests.Review;

public sealed class PlanManifestTests
{
    private static Func<string, string?> Env(string? sha) => name => name == "GITHUB_SHA" ? sha : null;

    private static async Task<(TempDirectory Scratch, string Plan)> PlanAsync()
    {
        var scratch = new TempDirectory();
        var plan = scratch.File("plan.bin");
        await File.WriteAllBytesAsync(plan, [1, 2, 3, 4, 5, 6, 7, 8]);
        return (scratch, plan);
    }

    [Fact]
    public async Task Writes_names_only_and_verifies_the_same_plan_for_the_same_environment()
    {
        var (scratch, plan) = await PlanAsync();
        using var _ = scratch;

        var written = await PlanManifest.WriteAsync(new PlanManifestInput
        {
            PlanFile = plan,
            Environment = "staging",
            TerraformVersion = "1.11.4",
            VarFiles = ["infra/environments/staging.tfvars"],
            VarOverrides = ["desired_count=3", $"db_password={PlanFixtures.Sentinel}", "image_tag"],
        }, CancellationToken.None, Env("0123456789abcdef0123456789abcdef01234567"));

        var path = scratch.File("plan.manifest.json");
        var text = await File.ReadAllTextAsync(path);
        Assert.DoesNotContain(PlanFixtures.Sentinel, text);
        Assert.DoesNotContain("=3", text);
        var json = JsonNode.Parse(text)!;
        Assert.Equal("staging", (string?)json["environment"]);
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", (string?)json["git_commit"]);
        Assert.Equal(["desired_count", "db_password", "image_tag"], json["var_overrides"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(64, ((string?)json["sha256"])!.Length);

        var verified = await PlanManifest.VerifyAsync(plan, "staging", CancellationToken.None);
        Assert.Equal(written.Sha256, verified.Sha256);
    }

    [Fact]
    public async Task A_plan_made_for_another_environment_is_refused()
    {
        var (scratch, plan) = await PlanAsync();
        using var _ = scratch;
        await PlanManifest.WriteAsync(new PlanManifestInput { PlanFile = plan, Environment = "staging" }, CancellationToken.None, Env("abc1234"));

        var error = await Assert.ThrowsAsync<ActionableError>(() => PlanManifest.VerifyAsync(plan, "production", CancellationToken.None));

        Assert.Equal("plan.bin was made for staging, not production — run Plan for production", error.Message);
    }

    [Fact]
    public async Task A_plan_changed_after_review_is_refused()
    {
        var (scratch, plan) = await PlanAsync();
        using var _ = scratch;
        await PlanManifest.WriteAsync(new PlanManifestInput { PlanFile = plan, Environment = "staging" }, CancellationToken.None, Env("abc1234"));
        await File.AppendAllTextAsync(plan, "tampered");

        var error = await Assert.ThrowsAsync<ActionableError>(() => PlanManifest.VerifyAsync(plan, "staging", CancellationToken.None));

        Assert.StartsWith("plan.bin does not match its manifest (sha256 ", error.Message);
        Assert.EndsWith("— it changed after review; run Plan again", error.Message);
    }

    [Fact]
    public async Task A_missing_manifest_is_one_clear_line()
    {
        var (scratch, plan) = await PlanAsync();
        using var _ = scratch;

        var error = await Assert.ThrowsAsync<ActionableError>(() => PlanManifest.VerifyAsync(plan, "staging", CancellationToken.None));

        Assert.Contains("has no manifest", error.Message);
        Assert.Contains("run Plan for staging", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Without_github_sha_the_commit_comes_from_git_or_is_left_unknown()
    {
        var (scratch, plan) = await PlanAsync();
        using var _ = scratch;

        // The scratch folder is outside any repository: git fails, and the manifest is still written.
        var manifest = await PlanManifest.WriteAsync(
            new PlanManifestInput { PlanFile = plan, Environment = "dev", RepositoryDirectory = scratch.Path },
            CancellationToken.None, Env(null));
        Assert.Null(manifest.GitCommit);

        // Inside this repository's worktree git answers with the HEAD commit.
        var repo = PlanFixtures.Folder;
        var head = await SourceRevision.ResolveAsync(repo, CancellationToken.None, Env(null));
        Assert.Matches("^[0-9a-f]{40}$", head);
    }
}
