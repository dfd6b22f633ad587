using System.Globalization;

namespace MlflowDeploy.Backup;

/// <summary>
/// What Snapshot records with a snapshot, in its tags, so that a restore days later (from any machine) can check the
/// data came back: the stack and environment, and how many experiments MLflow listed when the snapshot was taken
/// (null when MLflow could not be asked). RDS copies no instance tags to a snapshot given tags of its own, so the
/// stack's identifying tags are written here too.
/// </summary>
public sealed record SnapshotRecord(string Stack, string Environment, int? ExperimentCount)
{
    public const string ExperimentCountKey = "mlflow-deploy:experiment-count";
    public const string TakenByKey = "mlflow-deploy:taken-by";
    public const string TakenBy = "Snapshot";

    public IReadOnlyDictionary<string, string> ToTags()
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Project"] = "mlflow-deploy",
            ["Stack"] = Stack,
            ["Environment"] = Environment,
            [TakenByKey] = TakenBy,
        };
        if (ExperimentCount is { } count)
        {
            tags[ExperimentCountKey] = count.ToString(CultureInfo.InvariantCulture);
        }

        return tags;
    }

    /// <summary>The experiment count a snapshot's tags hold, or null (taken elsewhere, or MLflow was not reachable then).</summary>
    public static int? ExperimentCountIn(IReadOnlyDictionary<string, string>? tags) =>
        tags is not null && tags.TryGetValue(ExperimentCountKey, out var text)
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : null;
}
