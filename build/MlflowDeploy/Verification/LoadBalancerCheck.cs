using MlflowDeploy.Aws;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Verification;

/// <summary>
/// <c>alb</c>: the load balancer is active and its target group has at least the desired count of healthy
/// targets. Targets in <c>initial</c>, or none registered yet, are pending; each unhealthy or draining
/// target's reason is the diagnosis.
/// </summary>
public sealed class LoadBalancerCheck(ElasticLoadBalancingClient elb, DeploymentOutputs outputs) : IVerificationCheck
{
    public const string CheckName = "alb";

    public string Name => CheckName;

    public async Task<Probe> ProbeAsync(CancellationToken cancellationToken)
    {
        LoadBalancerDescription? balancer;
        IReadOnlyList<TargetHealthDescription> targets;
        try
        {
            balancer = await elb.DescribeLoadBalancerAsync(outputs.LoadBalancerArn, cancellationToken).ConfigureAwait(false);
            if (balancer is null)
            {
                return Probe.Fail($"load balancer {outputs.LoadBalancerArn} does not exist: run Apply, or find who deleted it");
            }

            if (balancer.StateCode == "provisioning")
            {
                return Probe.Pending("load balancer is provisioning");
            }

            if (balancer.StateCode != "active")
            {
                return Probe.Fail($"load balancer is {balancer.StateCode}{(balancer.StateReason is { } r ? $": {r}" : "")}");
            }

            targets = await elb.DescribeTargetHealthAsync(outputs.TargetGroupArn, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "TargetGroupNotFound")
        {
            return Probe.Fail($"target group {outputs.TargetGroupArn} does not exist: run Apply");
        }
        catch (AwsServiceException e)
        {
            return AwsCheckFailure.From(e);
        }

        var healthy = targets.Count(t => t.State == "healthy");
        var desired = Math.Max(outputs.DesiredCount, 1);
        var diagnosis = targets.Where(t => t.State is not "healthy" and not "initial")
            .Select(t => $"target {t.Id}:{t.Port} is {t.State}: {t.Reason ?? "no reason"}{(t.Description is { Length: > 0 } d ? $" — {d}" : "")}")
            .ToList();

        if (healthy >= desired)
        {
            var extra = diagnosis.Count > 0 ? $"; {diagnosis.Count} other target(s) not healthy" : "";
            return diagnosis.Count > 0
                ? Probe.Warn($"{balancer.DnsName} active, {healthy}/{desired} targets healthy{extra}", diagnosis)
                : Probe.Pass($"{balancer.DnsName} active, {healthy}/{desired} targets healthy");
        }

        if (targets.Count == 0)
        {
            return Probe.Pending($"no targets registered in the target group (want {desired} healthy)");
        }

        var initial = targets.Count(t => t.State == "initial");
        var waiting = initial > 0 ? $", {initial} in initial health checks" : "";
        // ECS replaces a task whose target stays unhealthy, so this may still recover; the reasons are kept
        // so that a deadline failure explains itself.
        return new Probe(true, CheckStatus.Fail, $"{healthy}/{desired} targets healthy{waiting}", diagnosis);
    }
}
