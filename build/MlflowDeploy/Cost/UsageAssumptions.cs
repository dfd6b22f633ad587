using System.Text.Json;

namespace MlflowDeploy.Cost;

/// <summary>
/// The usage figures for prices that depend on use (GB through the NAT gateway, log volume, S3 storage…):
/// <c>infra/pricing/usage-defaults.json</c>, overridden by <c>infra/environments/&lt;env&gt;.usage.json</c> when it exists,
/// per resource type or per resource address. The defaults file names every key there is; an override of
/// another key is a typo and is refused.
/// </summary>
public sealed class UsageAssumptions
{
    public const string DefaultsRelativePath = "infra/pricing/usage-defaults.json";

    private readonly List<Layer> _layers;
    private readonly Dictionary<string, AssumedUsage> _used = new(StringComparer.Ordinal);

    private UsageAssumptions(List<Layer> layers) => _layers = layers;

    public static string EnvironmentRelativePath(string environment) => $"infra/environments/{environment}.usage.json";

    /// <summary>Every figure looked up so far, in the order first used.</summary>
    public IReadOnlyList<AssumedUsage> Used => _used.Values.ToList();

    public static UsageAssumptions Load(string repositoryRoot, string environment)
    {
        var defaults = ReadLayer(Path.Combine(repositoryRoot, DefaultsRelativePath), DefaultsRelativePath)
            ?? throw new ActionableError($"usage assumptions {DefaultsRelativePath} not found — restore it from the repository (git checkout -- {DefaultsRelativePath})");
        var layers = new List<Layer> { defaults };
        var shown = EnvironmentRelativePath(environment);
        if (ReadLayer(Path.Combine(repositoryRoot, shown), shown) is { } overrides)
        {
            Validate(overrides, defaults);
            layers.Insert(0, overrides);
        }
        return new UsageAssumptions(layers);
    }

    /// <summary>The figure for <paramref name="key"/> of <paramref name="resource"/>: by address, by base address, then by type; nearest file first.</summary>
    public decimal Get(ResourceState resource, string key)
    {
        foreach (var scope in new[] { resource.Address, resource.BaseAddress })
        {
            foreach (var layer in _layers)
            {
                if (layer.Resources.TryGetValue(scope, out var values) && values.TryGetValue(key, out var value))
                {
                    return Remember(scope, key, value, layer.Source);
                }
            }
        }
        foreach (var layer in _layers)
        {
            if (layer.Types.TryGetValue(resource.Type, out var values) && values.TryGetValue(key, out var value))
            {
                return Remember(resource.Type, key, value, layer.Source);
            }
        }
        // The pricing code asked for a key the defaults file doesn't define: a bug, not a user error.
        throw new InvalidOperationException($"{DefaultsRelativePath} defines no {resource.Type}.{key}");
    }

    private decimal Remember(string scope, string key, decimal value, string source)
    {
        _used.TryAdd($"{scope}\u0000{key}", new AssumedUsage(scope, key, value, source));
        return value;
    }

    private static void Validate(Layer overrides, Layer defaults)
    {
        foreach (var (type, values) in overrides.Types)
        {
            CheckKeys(type, type, values.Keys, defaults, overrides.Source);
        }
        foreach (var (address, values) in overrides.Resources)
        {
            CheckKeys(address, TypeOf(address), values.Keys, defaults, overrides.Source);
        }
    }

    private static void CheckKeys(string scope, string type, IEnumerable<string> keys, Layer defaults, string source)
    {
        var known = defaults.Types.TryGetValue(type, out var values) ? values.Keys.Order(StringComparer.Ordinal).ToList() : [];
        foreach (var key in keys)
        {
            if (!known.Contains(key))
            {
                var valid = known.Count == 0
                    ? $"no usage figures exist for {type} (types with figures: {string.Join(", ", defaults.Types.Keys.Order(StringComparer.Ordinal))})"
                    : $"keys for {type}: {string.Join(", ", known)}";
                throw new ActionableError($"{source}: unknown usage key '{key}' for {scope} — {valid}");
            }
        }
    }

    /// <summary>"module.m.aws_s3_bucket.logs[0]" → "aws_s3_bucket".</summary>
    private static string TypeOf(string address)
    {
        var parts = ResourceAddress.WithoutKeys(address).Split('.');
        var i = 0;
        while (i + 1 < parts.Length && parts[i] == "module")
        {
            i += 2;
        }
        return i < parts.Length ? parts[i] : address;
    }

    private static Layer? ReadLayer(string path, string shown)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ActionableError($"{shown} must hold a JSON object with resource_types and/or resources — fix the file");
            }
            return new Layer(shown, ReadGroup(root, "resource_types", shown), ReadGroup(root, "resources", shown));
        }
        catch (JsonException e)
        {
            throw new ActionableError($"{shown} is not valid JSON ({e.Message.ReplaceLineEndings(" ")}) — fix the file", inner: e);
        }
    }

    private static Dictionary<string, Dictionary<string, decimal>> ReadGroup(JsonElement root, string name, string shown)
    {
        var group = new Dictionary<string, Dictionary<string, decimal>>(StringComparer.Ordinal);
        if (!root.TryGetProperty(name, out var element))
        {
            return group;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ActionableError($"{shown}: {name} must be an object of {{\"<name>\": {{\"<key>\": <number>}}}} — fix the file");
        }
        foreach (var scope in element.EnumerateObject())
        {
            if (scope.Value.ValueKind != JsonValueKind.Object)
            {
                throw new ActionableError($"{shown}: {name}.{scope.Name} must be an object of usage keys and numbers — fix the file");
            }
            var values = new Dictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var value in scope.Value.EnumerateObject())
            {
                if (value.Value.ValueKind != JsonValueKind.Number || value.Value.GetDecimal() < 0)
                {
                    throw new ActionableError($"{shown}: {name}.{scope.Name}.{value.Name} must be a number >= 0 — fix the file");
                }
                values[value.Name] = value.Value.GetDecimal();
            }
            group[scope.Name] = values;
        }
        return group;
    }

    private sealed record Layer(
        string Source,
        Dictionary<string, Dictionary<string, decimal>> Types,
        Dictionary<string, Dictionary<string, decimal>> Resources);
}
