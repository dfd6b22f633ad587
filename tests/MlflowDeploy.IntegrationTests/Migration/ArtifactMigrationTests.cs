using MlflowDeploy.Migration;

namespace MlflowDeploy.Tests.Migration;

/// <summary>Artifact routes: a source without the proxy, a target without it, and files too large to hold in memory.</summary>
public sealed class ArtifactMigrationTests
{
    private const long T0 = 1_700_000_000_000;

    [Fact]
    public async Task A_source_without_the_proxy_is_read_through_the_tracking_api()
    {
        await using var doubles = await MigrationDoubles.StartAsync(sourceServesArtifacts: false);
        var run = doubles.Seed.Run("0", "s3 run", T0);
        doubles.Seed.Artifact(run, "model/MLmodel", "flavors: {}"u8.ToArray());
        doubles.Seed.Artifact(run, "model/code/a/b/c.py", "print(1)"u8.ToArray());

        var report = await doubles.MigrateAsync();

        Assert.True(report.IsComplete, string.Join("\n", report.Issues));
        Assert.Equal(2, report.ArtifactFiles);
        CopyAssertions.SameArtifacts(doubles, run);
        Assert.Contains(doubles.Source.Requests, r => r == "GET /get-artifact");
        Assert.DoesNotContain(doubles.Source.Requests, r => r.Contains("mlflow-artifacts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_target_without_the_proxy_gets_everything_but_artifacts_and_one_line_saying_why()
    {
        await using var doubles = await MigrationDoubles.StartAsync(targetServesArtifacts: false);
        for (var i = 0; i < 3; i++)
        {
            var run = doubles.Seed.Run("0", $"r{i}", T0 + i, parameters: [("i", $"{i}")]);
            doubles.Seed.Metric(run, "loss", 10);
            doubles.Seed.Artifact(run, "f.txt", "x"u8.ToArray());
        }

        var report = await doubles.MigrateAsync();

        var issue = Assert.Single(report.Issues);
        Assert.Equal(MigrationIssueKind.ArtifactsNotCopied, issue.Kind);
        Assert.StartsWith("artifacts were not copied: the target keeps them at s3://mlflow-double-artifacts/0/", issue.Line);
        Assert.Contains("does not proxy them (it runs without --serve-artifacts)", issue.Line);
        Assert.Equal(1, report.ExitCode);
        Assert.Equal(3, doubles.Target.Store.Runs.Count(r => r.Params.Count == 1 && r.Metrics.Count == 10));
        Assert.Empty(doubles.Target.Store.ArtifactPaths);
        Assert.All(doubles.Target.Store.Runs, r => Assert.False(r.Tags.ContainsKey(MigrationTags.CopyMark)));
    }

    [Fact]
    public async Task Files_larger_than_the_memory_limit_pass_through_a_temporary_file_that_is_removed()
    {
        await using var doubles = await MigrationDoubles.StartAsync();
        var run = doubles.Seed.Run("0", "big", T0);
        var content = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        doubles.Seed.Artifact(run, "data/big.bin", content);
        doubles.Seed.Artifact(run, "data/small.txt", "small"u8.ToArray());
        var spill = Directory.CreateTempSubdirectory("mlflow-deploy-migrate-test-");
        try
        {
            var report = await doubles.MigrateAsync(doubles.Options() with { ArtifactMemoryLimit = 1000, TemporaryFolder = spill.FullName });

            Assert.True(report.IsComplete, string.Join("\n", report.Issues));
            Assert.Equal(300_005, report.ArtifactBytes);
            CopyAssertions.SameArtifacts(doubles, run);
            Assert.Empty(spill.EnumerateFileSystemInfos());
        }
        finally
        {
            spill.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_file_missing_or_different_on_the_target_copy_is_sent_again_on_resume()
    {
        await using var doubles = await MigrationDoubles.StartAsync();
        var run = doubles.Seed.Run("0", "r", T0);
        doubles.Seed.Artifact(run, "a.txt", "aaaa"u8.ToArray());
        doubles.Seed.Artifact(run, "dir/b.txt", "bbbb"u8.ToArray());
        await doubles.MigrateAsync();
        var copy = doubles.CopyOf(run);
        var root = doubles.Target.Store.ArtifactKeyRoot(copy.RunId);
        doubles.Target.Store.DeleteArtifact($"{root}/dir/b.txt");
        doubles.Target.Store.PutArtifact($"{root}/a.txt", "a"u8.ToArray());

        var report = await doubles.MigrateAsync(doubles.Options() with { Recheck = true });

        Assert.True(report.IsComplete, string.Join("\n", report.Issues));
        Assert.Equal((2, 8L), (report.ArtifactFiles, report.ArtifactBytes));
        CopyAssertions.SameArtifacts(doubles, run);
    }
}
