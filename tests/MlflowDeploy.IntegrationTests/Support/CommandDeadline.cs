namespace MlflowDeploy.Tests.Support;

/// <summary>
/// How long a test waits for one helper command (an awscli call or a python3 script against moto) before it calls it
/// hung. A bound against hangs, not a speed check: such a call takes a second, but on a 2-core CI runner with
/// terraform applies beside it, single calls were measured taking over a minute.
/// </summary>
public static class CommandDeadline
{
    public static readonly TimeSpan Helper = TimeSpan.FromMinutes(3);
}
