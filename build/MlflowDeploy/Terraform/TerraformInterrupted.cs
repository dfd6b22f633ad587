namespace MlflowDeploy.Terraform;

/// <summary>
/// The run was cancelled (Ctrl-C, SIGTERM) while terraform ran. It is still a cancellation, so every stage unwinds as
/// for any other; its message is <see cref="TerraformStop.Summary"/>, which the run's last line repeats.
/// </summary>
public sealed class TerraformInterrupted(TerraformStop stop, CancellationToken token) : OperationCanceledException(stop.Summary(), token)
{
    public TerraformStop Stop { get; } = stop;
}
