using MlflowDeploy.Migration;
using MlflowDeploy.Tests.MlflowDouble;

namespace MlflowDeploy.Tests.Migration;

/// <summary>Compares a source run with its copy straight from both doubles' stores.</summary>
internal static class CopyAssertions
{
    public static void SameRun(MigrationDoubles doubles, MlflowDoubleStore.RunRecord source)
    {
        var copy = doubles.CopyOf(source.RunId);
        Assert.Equal("active", copy.LifecycleStage);
        Assert.Equal((source.RunName, source.Status, source.StartTime, source.EndTime, source.UserId), (copy.RunName, copy.Status, copy.StartTime, copy.EndTime, copy.UserId));
        Assert.Equal(source.Params.OrderBy(p => p.Key), copy.Params.OrderBy(p => p.Key));

        var expectedTags = source.Tags.Where(t => !MigrationTags.IsOwn(t.Key)).ToDictionary();
        if (expectedTags.TryGetValue(MigrationTags.ParentRunId, out var parent))
        {
            expectedTags[MigrationTags.ParentRunId] = doubles.CopyOf(parent).RunId;
        }

        Assert.Equal(expectedTags.OrderBy(t => t.Key), copy.Tags.Where(t => !MigrationTags.IsOwn(t.Key)).OrderBy(t => t.Key));
        Assert.Equal(source.RunId, copy.Tags[MigrationTags.SourceRunId]);
        Assert.Equal(Points(source), Points(copy));
        Assert.Equal(source.Metrics.Count, copy.Metrics.Count);
    }

    public static void SameArtifacts(MigrationDoubles doubles, string sourceRunId)
    {
        var copy = doubles.CopyOf(sourceRunId);
        var sourceRoot = doubles.Source.Store.ArtifactKeyRoot(sourceRunId) + "/";
        var targetRoot = doubles.Target.Store.ArtifactKeyRoot(copy.RunId) + "/";
        var expected = doubles.Source.Store.ArtifactPaths.Where(p => p.StartsWith(sourceRoot, StringComparison.Ordinal)).ToList();
        var actual = doubles.Target.Store.ArtifactPaths.Where(p => p.StartsWith(targetRoot, StringComparison.Ordinal)).ToList();
        Assert.Equal(expected.Select(p => p[sourceRoot.Length..]), actual.Select(p => p[targetRoot.Length..]));
        foreach (var path in expected)
        {
            Assert.Equal(doubles.Source.Store.GetArtifact(path), doubles.Target.Store.GetArtifact(targetRoot + path[sourceRoot.Length..]));
        }
    }

    /// <summary>The points as the stores hold them, in a stable order.</summary>
    public static IReadOnlyList<(string, long, long, long)> Points(MlflowDoubleStore.RunRecord run) =>
        run.Metrics.Select(m => (m.Key, m.Timestamp, m.Step, BitConverter.DoubleToInt64Bits(m.Value)))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Step).ThenBy(p => p.Timestamp).ThenBy(p => p.Item4)
            .ToList();
}
