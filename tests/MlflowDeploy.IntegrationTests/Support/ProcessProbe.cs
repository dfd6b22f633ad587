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

    /// <summary>
    /// What a process that did not exit is doing, for a failure message: its threads' states and kernel wait
    /// channels, and every process still under it. Read from /proc; empty where the OS has no /proc.
    /// </summary>
    public static string Snapshot(int pid)
    {
        var text = new System.Text.StringBuilder();
        var tasks = $"/proc/{pid}/task";
        if (!Directory.Exists(tasks))
            return $"process {pid}: gone";
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            var name = ReadOrEmpty(Path.Combine(task, "comm")).Trim();
            var stat = ReadOrEmpty(Path.Combine(task, "stat"));
            // The state is the field after the parenthesised name, which may itself hold spaces.
            var state = stat.LastIndexOf(')') is var close and > 0 && close + 2 < stat.Length ? stat[close + 2] : '?';
            var wchan = ReadOrEmpty(Path.Combine(task, "wchan")).Trim();
            text.AppendLine($"thread {Path.GetFileName(task)} {name} {state} {wchan}");
        }

        using var ps = Process.Start(new ProcessStartInfo("ps", ["-e", "-o", "pid,ppid,stat,etime,args"]) { RedirectStandardOutput = true })!;
        var table = ps.StandardOutput.ReadToEnd();
        ps.WaitForExit(5000);
        var rows = table.Split('\n').Skip(1)
            .Select(line => (Line: line.Trim(), Columns: line.Trim().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries)))
            .Where(r => r.Columns.Length == 3 && int.TryParse(r.Columns[0], out _) && int.TryParse(r.Columns[1], out _))
            .Select(r => (r.Line, Pid: int.Parse(r.Columns[0]), Parent: int.Parse(r.Columns[1])))
            .ToList();
        var tree = new HashSet<int> { pid };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var row in rows.Where(r => tree.Contains(r.Parent)))
                grew |= tree.Add(row.Pid);
        }

        foreach (var row in rows.Where(r => tree.Contains(r.Pid)))
            text.AppendLine(row.Line);
        return text.ToString();

        static string ReadOrEmpty(string path)
        {
            try
            {
                return File.ReadAllText(path);
            }
            catch (IOException)
            {
                return "";
            }
        }
    }

    [GeneratedRegex(@"AWS emulator \(moto\) listening on \S+ \(pid (\d+),")]
    private static partial Regex EmulatorLine();
}
