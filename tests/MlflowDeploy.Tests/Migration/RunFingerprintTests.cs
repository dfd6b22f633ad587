using MlflowDeploy.Migration;
using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Tests.Migration;

public sealed class RunFingerprintTests
{
    private static MlflowRun Run(
        IReadOnlyList<MlflowParam>? parameters = null, IReadOnlyList<MlflowTag>? tags = null, IReadOnlyList<MlflowMetric>? metrics = null, string status = "FINISHED") => new()
    {
        Info = new MlflowRunInfo { RunId = "r", ExperimentId = "1", RunName = "n", Status = status, StartTime = 1, EndTime = 2, ArtifactUri = "mlflow-artifacts:/1/r/artifacts", LifecycleStage = "active" },
        Data = new MlflowRunData
        {
            Params = parameters ?? [new("a", "1"), new("b", "2")],
            Tags = tags ?? [new("mlflow.user", "u"), new("x", "y")],
            Metrics = metrics ?? [new() { Key = "loss", Value = 0.5, Timestamp = 10, Step = 3 }],
        },
    };

    [Fact]
    public void The_order_of_lists_and_migrates_own_tags_do_not_change_it()
    {
        var reordered = Run(parameters: [new("b", "2"), new("a", "1")], tags: [new("x", "y"), new("mlflow.user", "u"), new(MigrationTags.CopyMark, "v1:old")]);

        Assert.Equal(RunFingerprint.Of(Run()), RunFingerprint.Of(reordered));
        Assert.StartsWith("v1:", RunFingerprint.Of(Run()));
    }

    [Fact]
    public void A_new_point_param_tag_or_status_changes_it()
    {
        var original = RunFingerprint.Of(Run());

        Assert.NotEqual(original, RunFingerprint.Of(Run(metrics: [new() { Key = "loss", Value = 0.4, Timestamp = 11, Step = 4 }])));
        Assert.NotEqual(original, RunFingerprint.Of(Run(parameters: [new("a", "1"), new("b", "2"), new("c", "3")])));
        Assert.NotEqual(original, RunFingerprint.Of(Run(tags: [new("mlflow.user", "u"), new("x", "z")])));
        Assert.NotEqual(original, RunFingerprint.Of(Run(status: "RUNNING")));
    }
}
