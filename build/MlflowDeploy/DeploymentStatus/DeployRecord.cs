using System.Globalization;
using MlflowDeploy.Aws;
using MlflowDeploy.Review;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.DeploymentStatus;

/// <summary>
/// The last deploy as Apply records it on the ECS service, in tags (<see cref="Keys"/>): the commit and the sha256 of
/// the applied plan (from its manifest), when it was applied, and the variables it overrode. Status reads them back.
/// infra/ecs.tf ignores these tags (<c>lifecycle.ignore_changes</c>), so they never show as drift.
/// </summary>
public sealed record DeployRecord(string Commit, DateTimeOffset AppliedAt, string PlanSha256, IReadOnlyList<string> Overrides)
{
    public const string CommitKey = "mlflow-deploy:commit";
    public const string AppliedAtKey = "mlflow-deploy:applied-at";
    public const string PlanSha256Key = "mlflow-deploy:plan-sha256";
    public const string OverridesKey = "mlflow-deploy:overrides";

    /// <summary>Every tag the record writes; infra/ecs.tf must ignore each of them.</summary>
    public static readonly IReadOnlyList<string> Keys = [CommitKey, AppliedAtKey, PlanSha256Key, OverridesKey];

    private const string UnknownCommit = "unknown";

    public static DeployRecord Of(PlanManifest manifest, DateTimeOffset appliedAt) =>
        new(manifest.GitCommit ?? UnknownCommit, appliedAt, manifest.Sha256, manifest.VarOverrides);

    /// <summary>
    /// ECS tag values allow letters, digits, spaces and <c>+ - = . _ : / @</c>, so overrides are space-separated
    /// names (variable names hold nothing else) and the time is ISO 8601 in UTC.
    /// </summary>
    public IReadOnlyDictionary<string, string> ToTags() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [CommitKey] = Commit,
        [AppliedAtKey] = AppliedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        [PlanSha256Key] = PlanSha256,
        [OverridesKey] = string.Join(' ', Overrides),
    };

    /// <summary>The record in a service's tags, or null when no Apply of this pipeline has written one.</summary>
    public static DeployRecord? FromTags(IReadOnlyDictionary<string, string>? tags)
    {
        if (tags is null || !tags.TryGetValue(PlanSha256Key, out var sha) || !tags.TryGetValue(AppliedAtKey, out var at)
            || !DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var appliedAt))
        {
            return null;
        }

        return new DeployRecord(
            tags.GetValueOrDefault(CommitKey) ?? UnknownCommit,
            appliedAt,
            sha,
            (tags.GetValueOrDefault(OverridesKey) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// Tags the service. The apply has already happened, so a failure here (a deploy role without
    /// <c>ecs:TagResource</c>) is a warning: the deploy stands, only Status will not know it.
    /// </summary>
    public static async Task WriteAsync(DeployRecord record, DeploymentOutputs outputs, EcsClient ecs, Action<string> log, CancellationToken cancellationToken)
    {
        try
        {
            var service = await ecs.DescribeServiceAsync(outputs.ClusterName, outputs.ServiceName, cancellationToken).ConfigureAwait(false);
            if (service is null)
            {
                log($"WARNING: the deploy was not recorded: ECS service '{outputs.ServiceName}' is missing from cluster '{outputs.ClusterName}'");
                return;
            }

            await ecs.TagResourceAsync(service.ServiceArn, record.ToTags(), cancellationToken).ConfigureAwait(false);
            log($"deploy recorded on the ECS service: commit {Short(record.Commit)}, plan sha256 {Short(record.PlanSha256)}");
        }
        catch (Exception e) when (e is AwsServiceException or ActionableError)
        {
            log($"WARNING: the deploy was not recorded on ECS service '{outputs.ServiceName}' ({e.Message}); Status will not show it");
        }
    }

    internal static string Short(string text) => text.Length > 12 ? text[..12] : text;
}
