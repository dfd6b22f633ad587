using MlflowDeploy.Migration;
using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Tests.Migration;

public sealed class MigrationTagsTests
{
    private static MlflowRun Run(params MlflowTag[] tags) => new()
    {
        Info = new MlflowRunInfo { RunId = "child", ExperimentId = "1", Status = "FINISHED", ArtifactUri = "x", LifecycleStage = "active" },
        Data = new MlflowRunData { Tags = tags },
    };

    [Fact]
    public void The_run_name_tag_and_migrates_own_tags_are_not_copied()
    {
        var run = Run(new("mlflow.runName", "n"), new(MigrationTags.SourceRunId, "older"), new(MigrationTags.CopyMark, "v1:x"), new("mlflow.user", "alice"), new("team", "cv"));

        Assert.Equal([new MlflowTag("mlflow.user", "alice"), new MlflowTag("team", "cv")], MigrationTags.ToCopy(run, new Dictionary<string, string>()));
    }

    [Fact]
    public void A_parent_link_names_the_parents_copy_or_is_left_out_when_the_parent_has_none()
    {
        var run = Run(new MlflowTag(MigrationTags.ParentRunId, "parent"));

        Assert.Equal([new MlflowTag(MigrationTags.ParentRunId, "parent-copy")], MigrationTags.ToCopy(run, new Dictionary<string, string> { ["parent"] = "parent-copy" }));
        Assert.Empty(MigrationTags.ToCopy(run, new Dictionary<string, string>()));
    }

    [Fact]
    public void A_tag_without_a_value_on_the_wire_reads_as_empty()
    {
        var tag = System.Text.Json.JsonSerializer.Deserialize<MlflowTag>("""{"key":"k"}""");

        Assert.Equal(new MlflowTag("k", string.Empty), tag);
    }
}
