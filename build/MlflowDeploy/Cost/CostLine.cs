namespace MlflowDeploy.Cost;

/// <summary>
/// One priced component of one resource on one side of a plan, e.g. the vCPU of an ECS service's tasks.
/// <see cref="Kind"/> is stable across the two sides so that before and after can be paired; <see cref="Label"/> and
/// <see cref="Detail"/> say what was priced and how much of it, in words and numbers only.
/// </summary>
public sealed record CostLine(string Category, string Address, string Type, string Kind, string Label, string Detail, decimal Monthly);
