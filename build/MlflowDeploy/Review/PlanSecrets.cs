using System.Text.Json.Nodes;

namespace MlflowDeploy.Review;

/// <summary>
/// What <see cref="PlanJsonRedactor"/> knows while it rewrites a plan: the root variables declared sensitive,
/// the secrets to mask wherever they appear, and, during its dry run, every value the marks cover.
/// </summary>
internal sealed class PlanSecrets
{
    private readonly List<string>? _found;

    private PlanSecrets(IReadOnlySet<string> sensitiveVariables, SecretRedactor redactor, List<string>? found)
    {
        SensitiveVariables = sensitiveVariables;
        Redactor = redactor;
        _found = found;
    }

    public IReadOnlySet<string> SensitiveVariables { get; }

    public SecretRedactor Redactor { get; }

    /// <summary>Masks nothing yet; remembers every value the redactor masks by its marks.</summary>
    public static PlanSecrets Collecting(IReadOnlySet<string> sensitiveVariables) =>
        new(sensitiveVariables, SecretRedactor.None, []);

    /// <summary>Masks every value remembered while collecting.</summary>
    public PlanSecrets WithFound() => new(SensitiveVariables, new SecretRedactor(_found ?? []), null);

    /// <summary>Called by the redactor with each value it masks.</summary>
    public void Remember(JsonNode? value)
    {
        if (_found is not null && value is not null)
        {
            _found.AddRange(StringLeaves(value).Where(s => s != SecretRedactor.Mask));
        }
    }

    /// <summary>
    /// Every string leaf of a value (a sensitive variable may be a map or an object). Numbers and booleans
    /// are left out: replacing "5432" or "true" everywhere would shred the document and hide nothing.
    /// </summary>
    private static IEnumerable<string> StringLeaves(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => StringLeaves(p.Value)),
        JsonArray array => array.SelectMany(StringLeaves),
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => [value.GetValue<string>()],
        _ => [],
    };
}
