using System.Xml.Linq;

namespace MlflowDeploy.Aws;

/// <summary>The EC2 calls the pipeline makes itself (Query protocol, version 2016-11-15); terraform makes the rest.</summary>
public sealed class Ec2Client
{
    private readonly AwsQueryClient _query;

    internal Ec2Client(AwsQueryClient query) => _query = query;

    public const string Version = "2016-11-15";
    /// <summary>AWS's namespace; answers are read in whatever namespace they come in (moto's lacks the final slash).</summary>
    public static readonly XNamespace Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/";

    /// <summary>
    /// The NAT gateway's state (pending, available, deleting, deleted, failed), or null when EC2 no longer knows it.
    /// A filter rather than the ID list, because EC2 answers an unknown ID with an error and a filter with nothing.
    /// </summary>
    public async Task<string?> DescribeNatGatewayStateAsync(string natGatewayId, CancellationToken cancellationToken)
    {
        var result = await _query.CallAsync("DescribeNatGateways",
            [new("Filter.1.Name", "nat-gateway-id"), new("Filter.1.Value.1", natGatewayId)], cancellationToken).ConfigureAwait(false);
        var ns = result.Name.Namespace;
        return result.Members(ns, "natGatewaySet").FirstOrDefault(g => g.Str(ns, "natGatewayId") == natGatewayId)?.Str(ns, "state");
    }
}
