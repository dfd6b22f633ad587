using MlflowDeploy.Environments;
using MlflowDeploy.Preflight;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Preflight;

public sealed class NameAndTfvarsTests
{
    [Theory]
    [InlineData("desired_cont", "desired_count")]
    [InlineData("DB_INSTANCE_CLASS", "db_instance_class")]
    [InlineData("gunicorn_worker", "gunicorn_workers")]
    [InlineData("completely_unrelated_setting", null)]
    public void A_typo_gets_the_closest_declared_name_and_a_stranger_gets_none(string typo, string? expected)
    {
        var declared = DeclaredVariables.Read(Path.Combine(Support.RepositoryRoot.Path, "infra"));

        Assert.Equal(expected, NameSuggestion.Closest(typo, declared.Names));
    }

    [Fact]
    public void Levenshtein_distance_counts_insertions_deletions_and_substitutions()
    {
        Assert.Equal(0, NameSuggestion.Distance("region", "REGION"));
        Assert.Equal(1, NameSuggestion.Distance("eu-wst-2", "eu-west-2"));
        Assert.Equal(3, NameSuggestion.Distance("kitten", "sitting"));
    }

    [Fact]
    public void Declared_variables_are_read_from_infra_with_their_location()
    {
        var declared = DeclaredVariables.Read(Path.Combine(Support.RepositoryRoot.Path, "infra"));

        Assert.Contains("desired_count", declared.Names);
        Assert.Contains("db_engine_version", declared.Names);
        Assert.Matches(@"^variables\.tf:\d+$", declared.LocationOf("desired_count"));
        Assert.DoesNotContain("container_name", declared.Names); // a local, not a variable
    }

    [Fact]
    public void Tfvars_assignments_skip_nested_keys_and_comments_and_keep_line_numbers()
    {
        var assignments = TfvarsFile.Parse("""
            # region = "commented out"
            name = "mlflow" // trailing comment
            tags = {
              team = "ml"
              cost = "x"
            }
            desired_count = 2
            """).Assignments;

        Assert.Equal([new TfvarsAssignment("name", 2, "mlflow"), new TfvarsAssignment("tags", 3, "{"), new TfvarsAssignment("desired_count", 7, "2")], assignments);
    }

    [Fact]
    public void An_unknown_tfvars_name_fails_with_file_line_and_suggestion_and_lists_the_others()
    {
        using var folder = new TempDirectory();
        var file = folder.Write("x.tfvars", "name = \"a\"\nregoin = \"eu-west-2\"\nfoo_bar_baz = 1\n");
        var declared = DeclaredVariables.Read(Path.Combine(Support.RepositoryRoot.Path, "infra"));

        var result = TfvarsNameCheck.Run(file, "infra/environments/x.tfvars", declared);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal("infra/environments/x.tfvars:2: unknown variable 'regoin' — did you mean region? rename it in infra/environments/x.tfvars (also unknown: foo_bar_baz)", result.Detail);
    }

    [Theory]
    [InlineData("eu-west-2", null)]
    [InlineData("eu-wst-2", "region 'eu-wst-2' is not an AWS region — did you mean eu-west-2? (set region in e.tfvars)")]
    [InlineData("us-east-9", "region 'us-east-9' is not an AWS region — did you mean us-east-1? (set region in e.tfvars)")]
    [InlineData("atlantis-1", "region 'atlantis-1' is not an AWS region — set region to an AWS region such as eu-west-2 (set region in e.tfvars)")]
    public void Region_names_are_checked_against_the_SDKs_list(string region, string? failure)
    {
        var result = RegionNameCheck.Run(region, "e.tfvars");

        Assert.Equal(failure is null ? CheckStatus.Pass : CheckStatus.Fail, result.Status);
        if (failure is not null)
            Assert.Equal(failure, result.Detail);
    }

    [Fact]
    public void Versions_order_numerically_per_part()
    {
        Assert.Equal(["15.2", "15.7", "15.10", "16.1"], new[] { "15.10", "16.1", "15.2", "15.7" }.Order(VersionOrder.Instance));
    }

    [Fact]
    public void A_group_fails_with_its_first_failure_and_that_failures_exit_code_and_counts_the_rest()
    {
        var log = new List<string>();
        var group = new PreflightGroup("account preflight", log.Add);
        group.Add(PreflightResult.Pass("a", "fine"));
        group.Add(PreflightResult.Fail("credentials", "expired — refresh them", exitCode: 2));
        group.Add(PreflightResult.Skip("c", "not checkable against the emulator"));
        group.Add(PreflightResult.Fail("d", "wrong"));

        var error = Assert.Throws<ActionableError>(group.ThrowIfFailed);

        Assert.Equal("Validate (account preflight): credentials: expired — refresh them (and 1 more failure(s) above)", error.Message);
        Assert.Equal(2, error.ExitCode);
        Assert.Equal(["  ✔ a: fine", "  ✖ credentials: expired — refresh them", "  – c: skipped: not checkable against the emulator", "  ✖ d: wrong"], log);
    }
}
