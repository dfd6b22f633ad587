namespace MlflowDeploy.Cost;

/// <summary>
/// A VPC flow log: delivered to CloudWatch Logs, it is priced through the destination log group's ingestion
/// (set that group's ingested_gb_per_month); delivery to S3 or Firehose has vended-log fees that are not priced.
/// </summary>
public sealed class FlowLogPricing : IResourcePricing
{
    public string ResourceType => "aws_flow_log";

    public void Price(ResourceState flowLog, PricingContext context)
    {
        var destination = flowLog.String("log_destination_type") ?? "cloud-watch-logs";
        if (destination != "cloud-watch-logs")
        {
            context.NotPriced(flowLog, $"flow log delivery to {destination} (vended-log fees, by volume)");
        }
    }
}
