namespace MlflowDeploy.Tests.Verification;

/// <summary>Unlike <see cref="Progress{T}"/>, reports on the caller's thread, so a test sees every report at once.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
