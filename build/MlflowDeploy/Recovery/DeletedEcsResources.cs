using MlflowDeploy.Aws;

namespace MlflowDeploy.Recovery;

/// <summary>
/// ECS resources the Resource Groups Tagging API still lists after they are gone: a deleted cluster or service, and a
/// deregistered task definition, are INACTIVE, and ECS keeps describing them (task definitions indefinitely; the
/// tagging API lists them too, in AWS as in moto). Nothing exists to import, so they are no orphans: each ECS orphan is
/// described, and the INACTIVE or missing ones are dropped and counted as deleted.
/// </summary>
public static class DeletedEcsResources
{
    public const string Note = "deleted ECS resources (INACTIVE), still listed by the tagging API";

    public static async Task<OrphanReport> DropAsync(OrphanReport report, EcsClient ecs, CancellationToken cancellationToken)
    {
        var kept = new List<OrphanedResource>();
        var deleted = 0;
        foreach (var orphan in report.Orphans)
        {
            if (await IsGoneAsync(orphan.Arn, ecs, cancellationToken).ConfigureAwait(false))
            {
                deleted++;
            }
            else
            {
                kept.Add(orphan);
            }
        }

        return deleted == 0
            ? report
            : report with { Orphans = kept, NotManaged = [.. report.NotManaged, .. Enumerable.Repeat(Note, deleted)] };
    }

    private static async Task<bool> IsGoneAsync(string arn, EcsClient ecs, CancellationToken cancellationToken)
    {
        // arn:aws:ecs:<region>:<account>:<kind>/<rest>
        var parts = arn.Split(':', 6);
        if (parts.Length < 6 || parts[2] != "ecs")
        {
            return false;
        }

        var path = parts[5].Split('/');
        switch (path[0])
        {
            case "cluster" when path.Length == 2:
                return await ecs.DescribeClusterStatusAsync(path[1], cancellationToken).ConfigureAwait(false) is null or "INACTIVE";
            case "service" when path.Length == 3:
                return await ecs.DescribeServiceAsync(path[1], path[2], cancellationToken).ConfigureAwait(false) is null or { Status: "INACTIVE" };
            case "task-definition" when path.Length == 2:
                return (await ecs.DescribeTaskDefinitionAsync(arn, cancellationToken).ConfigureAwait(false)).Status == "INACTIVE";
            default:
                return false;
        }
    }
}
