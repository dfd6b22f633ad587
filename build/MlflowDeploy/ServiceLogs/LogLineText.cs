using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MlflowDeploy.Aws;

namespace MlflowDeploy.ServiceLogs;

/// <summary>
/// One log event as Logs prints it: <c>HH:mm:ss.fffZ &lt;task&gt; &lt;message&gt;</c>, the task being the first
/// <see cref="TaskIdShown"/> characters of the task id its stream is named after (what <c>--task</c> takes), with the
/// line coloured by its level when colour is on. Secrets are scrubbed first: the password of any URI with credentials
/// (<c>postgresql://user:…@host</c>) and every known secret value.
/// </summary>
public sealed partial class LogLineText(SecretRedactor secrets, bool colour)
{
    public const int TaskIdShown = 12;

    private const string Reset = "\u001b[0m";
    private const string Dim = "\u001b[2m";

    public string Format(LogEvent e)
    {
        var message = Scrub(e.Message.TrimEnd('\n', '\r'));
        var at = e.Timestamp.UtcDateTime.ToString("HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var task = TaskOf(e.LogStreamName);
        // A multi-line event (a traceback) keeps its lines together, indented under the first.
        var body = message.ReplaceLineEndings("\n").Replace("\n", "\n" + new string(' ', at.Length + task.Length + 2), StringComparison.Ordinal);
        if (!colour)
        {
            return $"{at} {task} {body}";
        }

        var level = Colour(LogLineLevels.Of(message));
        return new StringBuilder()
            .Append(Dim).Append(at).Append(' ').Append(task).Append(Reset).Append(' ')
            .Append(level).Append(body).Append(level.Length > 0 ? Reset : "")
            .ToString();
    }

    /// <summary>The URI password and the known secrets masked; the rest of the line as it was.</summary>
    public string Scrub(string message) => secrets.Redact(UriPassword().Replace(message, "${head}" + SecretRedactor.Mask + "@"));

    /// <summary>The ANSI colour of a level: errors red, warnings yellow, info green, debug dim, unknown as is.</summary>
    public static string Colour(LogLineLevel level) => level switch
    {
        LogLineLevel.Error => "\u001b[31m",
        LogLineLevel.Warning => "\u001b[33m",
        LogLineLevel.Info => "\u001b[32m",
        LogLineLevel.Debug => Dim,
        _ => "",
    };

    /// <summary>Colour unless NO_COLOR is set, the terminal is dumb, or the output goes to a file or a pipe.</summary>
    public static bool ColourWanted(Func<string, string?> environment, bool outputRedirected) =>
        !outputRedirected && environment("NO_COLOR") is null && environment("TERM") != "dumb";

    /// <summary>awslogs names a stream <c>prefix/container/task-id</c>.</summary>
    private static string TaskOf(string? stream)
    {
        var id = stream is null ? "?" : stream[(stream.LastIndexOf('/') + 1)..];
        return id.Length > TaskIdShown ? id[..TaskIdShown] : id.PadRight(Math.Min(TaskIdShown, Math.Max(id.Length, 1)));
    }

    // scheme://user:password@ — the password runs to the last '@' before the host, as URI parsers read it.
    [GeneratedRegex(@"(?<head>\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@]*:)[^\s/]*@", RegexOptions.CultureInvariant)]
    private static partial Regex UriPassword();
}
