namespace MlflowDeploy.Environments;

/// <summary>One top-level <c>name = value</c> line of a tfvars file, with its 1-based line number (value as written, quotes removed).</summary>
public sealed record TfvarsAssignment(string Name, int Line, string Value);
