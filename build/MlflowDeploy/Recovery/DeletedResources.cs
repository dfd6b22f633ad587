using MlflowDeploy.Aws;

namespace MlflowDeploy.Recovery;

/// <summary>
/// Resources the Resource Groups Tagging API still lists after they are gone, in AWS as in moto:
/// <list type="bullet">
/// <item>a deleted ECS cluster or service, or a deregistered task definition, is INACTIVE, and ECS keeps describing it
/// (task definitions indefinitely);</item>
/// <item>a deleted NAT gateway stays visible, <c>deleted</c>, for about an hour; one <c>deleting</c> is on its way
/// there, as when an interrupted destroy had already asked for it.</item>
/// </list>
/// Nothing exists to import, so they are no orphans: each such orphan is described, and the gone ones are dropped and
/// counted as deleted.
/// </summary>
public static class DeletedResources
{
    public const string Note = "deleted resources (INACTIVE ECS resources, NAT gateways deleting or deleted), still listed by the tagging API";

    public static async Task<OrphanReport> DropAsync(OrphanReport report, AwsClients aws, CancellationToken cancellationToken)
    {
        var kept = new List<OrphanedResource>();
        var deleted = 0;
        foreach (var orphan in report.Orphans)
        {
            if (await IsGoneAsync(orphan.Arn, aws, cancellationToken).ConfigureAwait(false))
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

    private static async Task<bool> IsGoneAsync(string arn, AwsClients aws, CancellationToken cancellationToken)
    {
        // arn:aws:<service>:<region>:<account>:<kind>/<rest>
        var parts = arn.Split(':', 6);
        if (parts.Length < 6)
        {
            return false;
        }

        var path = parts[5].Split('/');
        var ecs = aws.Ecs;
        switch (parts[2], path[0])
        {
            case ("ecs", "cluster") when path.Length == 2:
                return await ecs.DescribeClusterStatusAsync(path[1], cancellationToken).ConfigureAwait(false) is null or "INACTIVE";
            case ("ecs", "service") when path.Length == 3:
                return await ecs.DescribeServiceAsync(path[1], path[2], cancellationToken).ConfigureAwait(false) is null or { Status: "INACTIVE" };
            case ("ecs", "task-definition") when path.Length == 2:
                return (await ecs.DescribeTaskDefinitionAsync(arn, cancellationToken).ConfigureAwait(false)).Status == "INACTIVE";
            case ("ec2", "natgateway") when path.Length == 2:
                return await aws.Ec2.DescribeNatGatewayStateAsync(path[1], cancellationToken).ConfigureAwait(false) is null or "deleting" or "deleted";
            default:
                return false;
        }
    }
}
