using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MlflowDeploy.Tests.Support;

/// <summary>Facts about processes a build started, read from the build's own output and from the OS.</summary>
public static partial class ProcessProbe
{
    /// <summary>The emulator's pid, from the pipeline's "AWS emulator (moto) listening on … (pid N, …)" line.</summary>
    public static int? EmulatorPid(string output) =>
        EmulatorLine().Match(output) is { Success: true } m ? int.Parse(m.Groups[1].Value) : null;

    public static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-s", signal, pid.ToString()])!;
        kill.WaitForExit(5000);
    }

    [GeneratedRegex(@"AWS emulator \(moto\) listening on \S+ \(pid (\d+),")]
    private static partial Regex EmulatorLine();
}
