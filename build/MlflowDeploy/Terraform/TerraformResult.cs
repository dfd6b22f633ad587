namespace MlflowDeploy.Terraform;

public sealed record TerraformResult(int ExitCode, string Stdout, string Stderr, TimeSpan Duration);
