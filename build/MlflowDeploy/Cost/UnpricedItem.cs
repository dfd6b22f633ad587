namespace MlflowDeploy.Cost;

/// <summary>Something in the stack that costs money (or may) but has no figure in the estimate, and why.</summary>
public sealed record UnpricedItem(string Address, string Type, string Reason);
