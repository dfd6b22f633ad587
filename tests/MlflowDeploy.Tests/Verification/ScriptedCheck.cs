using MlflowDeploy.Verification;

namespace MlflowDeploy.Tests.Verification;

/// <summary>A check that answers from a script; each look may take time on the test's clock.</summary>
internal sealed class ScriptedCheck(string name, Func<int, CancellationToken, Task<Probe>> look) : IVerificationCheck
{
    public string Name => name;

    public int Probes { get; private set; }

    public Task<Probe> ProbeAsync(CancellationToken cancellationToken) => look(Probes++, cancellationToken);

    /// <summary>Each look takes <paramref name="lookTakes"/>; the first <paramref name="pending"/> looks are pending.</summary>
    public static ScriptedCheck PendingThen(string name, ManualTimeProvider time, int pending, Probe final, TimeSpan lookTakes = default) =>
        new(name, async (n, ct) =>
        {
            if (lookTakes > TimeSpan.Zero)
            {
                await Task.Delay(lookTakes, time, ct);
            }

            return n < pending ? Probe.Pending($"warming up (look {n + 1})") : final;
        });

    public static ScriptedCheck Throwing(string name, Exception e) =>
        new(name, (_, _) => Task.FromException<Probe>(e));
}
