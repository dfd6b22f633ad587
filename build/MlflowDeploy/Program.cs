using System.Runtime.InteropServices;
using MlflowDeploy.InitTask;

namespace MlflowDeploy;

/// <summary>The library run as a program: terraform's init hook (infra/init.tf runs it as `MlflowDeploy init-task`).</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not [InitHookCommand.Verb])
        {
            await Console.Error.WriteLineAsync($"usage: MlflowDeploy {InitHookCommand.Verb}   (run by terraform through ./build.sh; see infra/init.tf)").ConfigureAwait(false);
            return 2;
        }

        // Ctrl-C reaches the whole process group (build.sh forwards it there): stop the init task, then exit 130.
        using var cancellation = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        return await InitHook.MainAsync(
            Environment.GetEnvironmentVariable, Console.Out.WriteLine, Console.Error.WriteLine, cancellation.Token).ConfigureAwait(false);

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            cancellation.Cancel();
        }
    }
}
