using System.Text.Json.Nodes;

namespace MlflowDeploy.Review;

/// <summary>
/// Replaces known secret strings (the values of sensitive variables and sensitive outputs) wherever they
/// appear. A second line of defence behind terraform's sensitivity marks, which are not complete: measured
/// with terraform 1.11.4, <c>terraform_data.output</c> copies a sensitive <c>input</c> without its mark, so
/// both the JSON plan and <c>terraform show</c>'s text print it in clear.
/// </summary>
public sealed class SecretScrubber
{
    /// <summary>Shorter secrets are only replaced where a whole value equals them, or the text would be shredded.</summary>
    private const int MinSubstringLength = 4;

    private readonly string[] _secrets;

    internal SecretScrubber(IEnumerable<string> secrets)
    {
        _secrets = secrets.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToArray();
    }

    public static SecretScrubber None { get; } = new([]);

    public int Count => _secrets.Length;

    internal IReadOnlySet<string> SensitiveVariables { get; init; } = new HashSet<string>();

    private List<string>? _found;

    /// <summary>An empty scrubber that remembers every value the redactor masks.</summary>
    internal static SecretScrubber Collecting(IReadOnlySet<string> sensitiveVariables) =>
        new([]) { SensitiveVariables = sensitiveVariables, _found = [] };

    /// <summary>This scrubber's secrets plus those remembered while collecting.</summary>
    internal SecretScrubber WithFound() => new(_secrets.Concat(_found ?? [])) { SensitiveVariables = SensitiveVariables };

    /// <summary>Called by the redactor with each value it masks.</summary>
    internal void Remember(JsonNode? value)
    {
        if (_found is not null && value is not null)
        {
            _found.AddRange(StringLeaves(value).Where(s => s != PlanJsonRedactor.Redacted));
        }
    }

    public string Scrub(string text)
    {
        foreach (var secret in _secrets)
        {
            if (secret.Length < MinSubstringLength)
            {
                if (text == secret)
                {
                    return PlanJsonRedactor.Redacted;
                }
            }
            else if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, PlanJsonRedactor.Redacted, StringComparison.Ordinal);
            }
        }
        return text;
    }

    /// <summary>Scrubs every string inside <paramref name="node"/>; returns the node to write in its place.</summary>
    internal JsonNode? Scrub(JsonNode? node)
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
                    var scrubbed = Scrub(child);
                    if (!ReferenceEquals(child, scrubbed))
                    {
                        obj[key] = scrubbed;
                    }
                }
                return node;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var child = array[i];
                    var scrubbed = Scrub(child);
                    if (!ReferenceEquals(child, scrubbed))
                    {
                        array[i] = scrubbed;
                    }
                }
                return node;
            case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                var text = value.GetValue<string>();
                var clean = Scrub(text);
                return ReferenceEquals(text, clean) ? node : JsonValue.Create(clean);
            default:
                return node;
        }
    }

    /// <summary>
    /// Every string leaf of a value (a sensitive variable may be a map or an object). Numbers and booleans
    /// are left out: replacing "5432" or "true" everywhere would shred the document and hide nothing.
    /// </summary>
    internal static IEnumerable<string> StringLeaves(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => StringLeaves(p.Value)),
        JsonArray array => array.SelectMany(StringLeaves),
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => [value.GetValue<string>()],
        _ => [],
    };
}
