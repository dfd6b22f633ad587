using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Migration;

/// <summary>
/// The tags Migrate writes on its copies, and which of a source run's tags it copies. Copies carry their
/// source's ids from the request that creates them, so an interrupted copy is always found again, never made twice.
/// </summary>
public static class MigrationTags
{
    public const string Prefix = "mlflow_deploy.";

    /// <summary>On a copied run: the source run's id.</summary>
    public const string SourceRunId = Prefix + "source_run_id";

    /// <summary>On a copied run and on an experiment Migrate created (not on one it merged into): the source experiment's id.</summary>
    public const string SourceExperimentId = Prefix + "source_experiment_id";

    /// <summary>The source server's URL (no credentials: the client refuses URLs that carry them).</summary>
    public const string SourceUrl = Prefix + "source_url";

    /// <summary>
    /// Set last, once a copied run was read back and matched its source: a fingerprint of the source run then.
    /// A later Migrate skips the run while the source's fingerprint is the same.
    /// </summary>
    public const string CopyMark = Prefix + "copy_mark";

    /// <summary>Set by runs/create from the run name; copying it as a tag would only repeat it.</summary>
    public const string RunName = "mlflow.runName";

    /// <summary>Names another run by id, so it is rewritten to the parent's copy.</summary>
    public const string ParentRunId = "mlflow.parentRunId";

    public static bool IsOwn(string key) => key.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The source tags that identify a copy, sent with runs/create.</summary>
    public static IReadOnlyList<MlflowTag> Identity(MlflowRun source, Uri sourceUrl) =>
    [
        new(SourceRunId, source.Info.RunId),
        new(SourceExperimentId, source.Info.ExperimentId),
        new(SourceUrl, sourceUrl.ToString()),
    ];

    /// <summary>
    /// The tags to copy: all but <c>mlflow.runName</c> and Migrate's own (a source that is itself a copy keeps its
    /// provenance to itself); <c>mlflow.parentRunId</c> names the parent's copy, and is left out when the parent
    /// has none (it was deleted, or not selected).
    /// </summary>
    public static IReadOnlyList<MlflowTag> ToCopy(MlflowRun source, IReadOnlyDictionary<string, string> copies)
    {
        var tags = new List<MlflowTag>();
        foreach (var tag in source.Data.Tags)
        {
            if (tag.Key == RunName || IsOwn(tag.Key))
            {
                continue;
            }

            if (tag.Key == ParentRunId)
            {
                if (copies.TryGetValue(tag.Value, out var parentCopy))
                {
                    tags.Add(tag with { Value = parentCopy });
                }

                continue;
            }

            tags.Add(tag);
        }

        return tags;
    }

    public static string? Value(IEnumerable<MlflowTag> tags, string key) =>
        tags.LastOrDefault(t => t.Key == key)?.Value;
}
