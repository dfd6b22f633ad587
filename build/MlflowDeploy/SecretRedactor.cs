using System.Text;
using System.Text.Json.Nodes;

namespace MlflowDeploy;

/// <summary>
/// Replaces known secret values with <see cref="Mask"/> in text bound for a console, a file, a PR comment or an
/// issue: the values of sensitive plan variables and outputs, and the MLflow credentials Verify uses. A second
/// line of defence behind terraform's sensitivity marks, which are not complete: measured with terraform
/// 1.11.4, <c>terraform_data.output</c> copies a sensitive <c>input</c> without its mark, so both the JSON
/// plan and <c>terraform show</c>'s text print it in clear.
/// <para>
/// Longer secrets are masked first, so a secret containing another is masked whole. A secret shorter than
/// <see cref="MinSubstringLength"/> is masked only where it stands as a whole word: masking "db" inside
/// "mlflow-db-subnets" would shred the text and point at the secret rather than hide it.
/// </para>
/// </summary>
public sealed class SecretRedactor
{
    /// <summary>
    /// What a secret becomes. Words, not asterisks: Markdown reads <c>***</c> as emphasis or a rule, and the
    /// report, the plan comment and the incident issue are all Markdown.
    /// </summary>
    public const string Mask = "(sensitive)";

    private const int MinSubstringLength = 4;

    private readonly string[] _secrets;

    /// <summary>Blank values are ignored: there is nothing to hide in them and masking them would shred the text.</summary>
    public SecretRedactor(IEnumerable<string> secrets)
    {
        _secrets = secrets
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();
    }

    public static SecretRedactor None { get; } = new([]);

    public int Count => _secrets.Length;

    /// <summary>The text with every secret masked; the same instance when there was nothing to mask.</summary>
    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            if (!text.Contains(secret, StringComparison.Ordinal))
            {
                continue;
            }

            text = secret.Length < MinSubstringLength
                ? MaskWholeWords(text, secret)
                : text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>Masks every string inside <paramref name="node"/>; returns the node to write in its place.</summary>
    internal JsonNode? Redact(JsonNode? node)
    {
        if (_secrets.Length == 0 || node is null)
        {
            return node;
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var child = obj[key];
                    var masked = Redact(child);
                    if (!ReferenceEquals(child, masked))
                    {
                        obj[key] = masked;
                    }
                }

                return node;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var child = array[i];
                    var masked = Redact(child);
                    if (!ReferenceEquals(child, masked))
                    {
                        array[i] = masked;
                    }
                }

                return node;
            case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                var text = value.GetValue<string>();
                var clean = Redact(text);
                return ReferenceEquals(text, clean) ? node : JsonValue.Create(clean);
            default:
                return node;
        }
    }

    private static string MaskWholeWords(string text, string secret)
    {
        StringBuilder? masked = null;
        var copied = 0;
        for (var at = text.IndexOf(secret, StringComparison.Ordinal); at >= 0; at = text.IndexOf(secret, at + secret.Length, StringComparison.Ordinal))
        {
            var end = at + secret.Length;
            var wordStart = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            var wordEnd = end == text.Length || !char.IsLetterOrDigit(text[end]);
            if (wordStart && wordEnd)
            {
                masked ??= new StringBuilder(text.Length);
                masked.Append(text, copied, at - copied).Append(Mask);
                copied = end;
            }
        }

        return masked is null ? text : masked.Append(text, copied, text.Length - copied).ToString();
    }
}
