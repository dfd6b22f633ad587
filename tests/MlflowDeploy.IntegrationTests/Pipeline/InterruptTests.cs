using System.Diagnostics;
using System.Text;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Pipeline;

/// <summary>A run stopped in the middle of Apply (SIGTERM, as CI cancellation or `kill` sends) leaves no emulator behind.</summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class InterruptTests
{
    [Fact]
    public async Task Killing_the_run_during_apply_stops_the_emulator_and_terraform()
    {
        var info = new ProcessStartInfo(Path.Combine(RepositoryRoot.Path, "build.sh"))
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["NO_COLOR"] = "1";
        using var build = Process.Start(info)!;
        var output = new StringBuilder();
        var applying = new TaskCompletionSource();
        var reader = Task.Run(async () =>
        {
            while (await build.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }

                if (line.Contains(": Creating...", StringComparison.Ordinal))
                {
                    applying.TrySetResult();
                }
            }
        });
        var errors = build.StandardError.ReadToEndAsync();

        try
        {
            await applying.Task.WaitAsync(TimeSpan.FromMinutes(4));
            ProcessProbe.Signal(build.Id, "TERM");
            await build.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        }
        finally
        {
            if (!build.HasExited)
            {
                build.Kill(entireProcessTree: true);
            }
        }

        await reader;
        var all = output + await errors;
        Assert.Equal(130, build.ExitCode);
        Assert.Contains("SIGTERM received: stopping terraform and the emulator", all);
        Assert.Contains("✖ the run was interrupted", all);
        var moto = ProcessProbe.EmulatorPid(all);
        Assert.NotNull(moto);
        Assert.False(ProcessProbe.IsAlive(moto.Value), $"the emulator (pid {moto}) outlived the interrupted build");
        Assert.DoesNotContain("Apply complete", all);
    }
}
