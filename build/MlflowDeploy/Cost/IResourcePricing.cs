namespace MlflowDeploy.Cost;

/// <summary>Prices every instance of one resource type into line items (or says why it can't).</summary>
public interface IResourcePricing
{
    string ResourceType { get; }

    void Price(ResourceState resource, PricingContext context);
}
