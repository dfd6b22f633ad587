namespace MlflowDeploy.Terraform;

/// <summary>One resource operation terraform started: <see cref="Action"/> is terraform's word (create, update, delete, read).</summary>
public sealed record InFlightOperation(string Address, string Action, DateTimeOffset Started)
{
    public override string ToString() => $"{Address}: {Action} (started {Started.UtcDateTime:HH:mm:ss} UTC)";
}
