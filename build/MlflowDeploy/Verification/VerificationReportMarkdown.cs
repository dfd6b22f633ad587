using System.Globalization;
using System.Text;

namespace MlflowDeploy.Verification;

/// <summary>Renders verify.md, which also goes into the step summary and the incident issue.</summary>
internal static class VerificationReportMarkdown
{
    public static string Render(VerificationReport report)
    {
        Func<string, string> redact = report.Redactor.Redact;
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"## MLflow verification — {Cell(redact(report.Environment))}: {Verdict(report.Outcome)}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Started {report.StartedAt.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC, took {DurationText.Human(report.Duration)}; exit code {report.ExitCode}.\n\n");
        md.Append("| Check | Status | Detail | Duration |\n");
        md.Append("|---|---|---|---:|\n");
        foreach (var check in report.Checks)
        {
            md.Append(CultureInfo.InvariantCulture, $"| `{Code(redact(check.Name))}` | {CheckStatusText.Badge(check.Status)} | {Cell(redact(check.Detail))} | {DurationText.Human(check.Duration)} |\n");
        }

        var diagnosed = report.Checks.Where(c => c.Status == CheckStatus.Fail || c.Diagnosis.Count > 0).ToList();
        if (diagnosed.Count > 0)
        {
            md.Append("\n### Diagnosis\n");
            foreach (var check in diagnosed)
            {
                md.Append(CultureInfo.InvariantCulture, $"\n#### `{Code(redact(check.Name))}` — {CheckStatusText.Badge(check.Status)}\n\n");
                md.Append(Cell(redact(check.Detail))).Append("\n\n");
                if (check.Diagnosis.Count == 0)
                {
                    md.Append("No further diagnosis was collected.\n");
                    continue;
                }

                // Log lines are untrusted text: a fence longer than any backtick run in them keeps them inert.
                var lines = check.Diagnosis.Select(l => redact(l).ReplaceLineEndings(" ")).ToList();
                var fence = new string('`', Math.Max(3, lines.Select(LongestBacktickRun).DefaultIfEmpty(0).Max() + 1));
                md.Append(fence).Append("text\n");
                foreach (var line in lines)
                {
                    md.Append(line).Append('\n');
                }

                md.Append(fence).Append('\n');
            }
        }

        return md.ToString();
    }

    private static string Verdict(VerificationOutcome outcome) => outcome switch
    {
        VerificationOutcome.Healthy => "✅ healthy",
        VerificationOutcome.Unhealthy => "❌ unhealthy",
        _ => "⚠️ could not run",
    };

    /// <summary>One table cell: a single line, with pipes and HTML kept literal.</summary>
    private static string Cell(string text) =>
        text.ReplaceLineEndings(" ").Replace("\\", "\\\\").Replace("|", "\\|").Replace("<", "&lt;").Replace(">", "&gt;");

    private static string Code(string text) => text.Replace("`", "'").ReplaceLineEndings(" ");

    private static int LongestBacktickRun(string line)
    {
        int longest = 0, run = 0;
        foreach (var c in line)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }
}
