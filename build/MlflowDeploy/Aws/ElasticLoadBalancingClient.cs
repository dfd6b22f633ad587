using System.Globalization;
using System.Xml.Linq;

namespace MlflowDeploy.Aws;

/// <summary>The ELBv2 calls the pipeline makes (Query protocol, version 2015-12-01).</summary>
public sealed class ElasticLoadBalancingClient
{
    private readonly AwsQueryClient _query;

    internal ElasticLoadBalancingClient(AwsQueryClient query) => _query = query;

    public const string Version = "2015-12-01";
    public static readonly XNamespace Namespace = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

    /// <summary>The load balancer, or null when ELB answers <c>LoadBalancerNotFound</c>.</summary>
    public async Task<LoadBalancerDescription?> DescribeLoadBalancerAsync(string loadBalancerArn, CancellationToken cancellationToken)
    {
        XElement result;
        try
        {
            result = await _query.CallAsync("DescribeLoadBalancers", [new("LoadBalancerArns.member.1", loadBalancerArn)], cancellationToken)
                .ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "LoadBalancerNotFound")
        {
            return null;
        }
        var ns = Namespace;
        return result.Members(ns, "LoadBalancers").Select(lb => new LoadBalancerDescription(
            lb.Str(ns, "LoadBalancerArn") ?? "",
            lb.Str(ns, "LoadBalancerName") ?? "",
            lb.Str(ns, "DNSName") ?? "",
            lb.Element(ns + "State")?.Str(ns, "Code") ?? "",
            lb.Element(ns + "State")?.Str(ns, "Reason"),
            lb.Str(ns, "Scheme"),
            lb.Str(ns, "Type"))).FirstOrDefault();
    }

    /// <summary>The target groups with these ARNs, or all groups of <paramref name="loadBalancerArn"/> when no ARNs are given.</summary>
    public async Task<IReadOnlyList<TargetGroupDescription>> DescribeTargetGroupsAsync(
        IReadOnlyList<string> targetGroupArns, string? loadBalancerArn, CancellationToken cancellationToken)
    {
        var parameters = targetGroupArns.Select((arn, i) => new KeyValuePair<string, string>($"TargetGroupArns.member.{i + 1}", arn)).ToList();
        if (loadBalancerArn is not null)
            parameters.Add(new("LoadBalancerArn", loadBalancerArn));
        var result = await _query.CallAsync("DescribeTargetGroups", parameters, cancellationToken).ConfigureAwait(false);
        var ns = Namespace;
        return result.Members(ns, "TargetGroups").Select(tg => new TargetGroupDescription(
            tg.Str(ns, "TargetGroupArn") ?? "",
            tg.Str(ns, "TargetGroupName") ?? "",
            tg.Int(ns, "Port"),
            tg.Str(ns, "Protocol"),
            tg.Str(ns, "TargetType"),
            tg.Str(ns, "HealthCheckPath"),
            tg.Members(ns, "LoadBalancerArns").Select(a => a.Value).ToList())).ToList();
    }

    public async Task<IReadOnlyList<TargetHealthDescription>> DescribeTargetHealthAsync(string targetGroupArn, CancellationToken cancellationToken)
    {
        var result = await _query.CallAsync("DescribeTargetHealth", [new("TargetGroupArn", targetGroupArn)], cancellationToken).ConfigureAwait(false);
        var ns = Namespace;
        return result.Members(ns, "TargetHealthDescriptions").Select(d =>
        {
            var target = d.Element(ns + "Target");
            var health = d.Element(ns + "TargetHealth");
            return new TargetHealthDescription(
                target?.Str(ns, "Id") ?? "",
                target?.Int(ns, "Port"),
                health?.Str(ns, "State") ?? "",
                health?.Str(ns, "Reason"),
                health?.Str(ns, "Description"));
        }).ToList();
    }

    public Task RegisterTargetsAsync(string targetGroupArn, IReadOnlyList<TargetToRegister> targets, CancellationToken cancellationToken) =>
        CallWithTargetsAsync("RegisterTargets", targetGroupArn, targets, cancellationToken);

    public Task DeregisterTargetsAsync(string targetGroupArn, IReadOnlyList<TargetToRegister> targets, CancellationToken cancellationToken) =>
        CallWithTargetsAsync("DeregisterTargets", targetGroupArn, targets, cancellationToken);

    private async Task CallWithTargetsAsync(string action, string targetGroupArn, IReadOnlyList<TargetToRegister> targets, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("TargetGroupArn", targetGroupArn) };
        for (var i = 0; i < targets.Count; i++)
        {
            parameters.Add(new($"Targets.member.{i + 1}.Id", targets[i].Id));
            if (targets[i].Port is { } port)
                parameters.Add(new($"Targets.member.{i + 1}.Port", port.ToString(CultureInfo.InvariantCulture)));
        }
        await _query.CallAsync(action, parameters, cancellationToken).ConfigureAwait(false);
    }
}
