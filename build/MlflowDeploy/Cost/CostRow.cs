namespace MlflowDeploy.Cost;

/// <summary>One line item across the plan: its monthly cost before and after (0 where the side lacks it), rounded to cents.</summary>
public sealed record CostRow(string Category, string Address, string Type, string Kind, string Label, string Detail, decimal Before, decimal After)
{
    public decimal Change => After - Before;
}
