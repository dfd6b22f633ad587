namespace MlflowDeploy;

/// <summary>How a status reads, in one place for every report: Validate's lines, Verify's console, verify.json and verify.md.</summary>
internal static class CheckStatusText
{
    /// <summary>The word: <c>pass</c>, <c>warn</c>, <c>fail</c>, <c>skip</c>.</summary>
    public static string Of(CheckStatus status) => Spelling(status).Word;

    /// <summary>The mark that opens a plain-text line: ✔, ⚠, ✖, –.</summary>
    public static string Mark(CheckStatus status) => Spelling(status).Mark;

    /// <summary>The Markdown badge: an emoji and the word.</summary>
    public static string Badge(CheckStatus status) => $"{Spelling(status).Emoji} {Spelling(status).Word}";

    private static (string Word, string Mark, string Emoji) Spelling(CheckStatus status) => status switch
    {
        CheckStatus.Pass => ("pass", "✔", "✅"),
        CheckStatus.Warn => ("warn", "⚠", "⚠️"),
        CheckStatus.Fail => ("fail", "✖", "❌"),
        CheckStatus.Skip => ("skip", "–", "⏭️"),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
