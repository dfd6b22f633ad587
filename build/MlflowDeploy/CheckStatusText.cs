namespace MlflowDeploy;

/// <summary>How a status reads, in one place for every report: Validate's lines, Verify's console, verify.json and verify.md.</summary>
internal static class CheckStatusText
{
    /// <summary>The word: <c>pass</c>, <c>warn</c>, <c>fail</c>, <c>skip</c>.</summary>
    public static string Of(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "pass",
        CheckStatus.Warn => "warn",
        CheckStatus.Fail => "fail",
        CheckStatus.Skip => "skip",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The mark that opens a plain-text line: ✔, ⚠, ✖, –.</summary>
    public static string Mark(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "✔",
        CheckStatus.Warn => "⚠",
        CheckStatus.Fail => "✖",
        CheckStatus.Skip => "–",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The Markdown badge: an emoji and the word.</summary>
    public static string Badge(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "✅ ",
        CheckStatus.Warn => "⚠️ ",
        CheckStatus.Fail => "❌ ",
        CheckStatus.Skip => "⏭️ ",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    } + Of(status);
}
