namespace MlflowDeploy;

/// <summary>
/// A failure the user can fix. Its message is one line naming what is wrong and how to fix it; the task
/// boundary prints that line without a stack trace and exits with <see cref="ExitCode"/>.
/// Anything else that escapes a task is a bug and keeps its stack trace.
/// </summary>
public sealed class ActionableError : Exception
{
    public ActionableError(string message, int exitCode = 1, Exception? inner = null)
        : base(message, inner)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
