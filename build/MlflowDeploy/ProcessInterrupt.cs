using System.Runtime.InteropServices;

namespace MlflowDeploy;

/// <summary>
/// Sends SIGINT, the signal terraform and moto treat as "stop cleanly"; .NET's Process.Kill only knows SIGKILL.
/// </summary>
public static class ProcessInterrupt
{
    private const int SigInt = 2;

    public static bool TrySend(int processId) => !OperatingSystem.IsWindows() && Kill(processId, SigInt) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
