using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MlflowDeploy;

/// <summary>
/// Stops child processes the way they expect: SIGINT first — terraform releases its state lock, moto and
/// gunicorn shut their workers — and a kill of the whole tree only when the grace period runs out.
/// .NET's Process.Kill knows only SIGKILL.
/// </summary>
public static class ProcessInterrupt
{
    private const int SigInt = 2;

    public static bool TrySend(int processId) => !OperatingSystem.IsWindows() && Kill(processId, SigInt) == 0;

    /// <summary>Interrupts <paramref name="process"/>, waits up to <paramref name="grace"/>, then kills its tree.</summary>
    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        if (TrySend(process.Id))
        {
            using var timer = new CancellationTokenSource(grace);
            try
            {
                await process.WaitForExitAsync(timer.Token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException)
            {
                // It ignored the interrupt for the whole grace period.
            }
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
