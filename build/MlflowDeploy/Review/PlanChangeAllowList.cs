using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlflowDeploy.Review;

/// <summary>
/// The changes a plan right after an apply may still show, each with the reason it is expected
/// (<c>infra/allowed-plan-changes.json</c>). Anything not listed means the configuration does not converge.
/// An entry names an address (<c>*</c> matches any characters) and the attributes it may change; a create,
/// replace or destroy is never allowed, because that is not read-back noise.
/// </summary>
public sealed class PlanChangeAllowList
{
    public const string FileName = "allowed-plan-changes.json";

    private readonly IReadOnlyList<(Regex Address, IReadOnlySet<string> Attributes, string Reason)> _entries;

    private PlanChangeAllowList(IReadOnlyList<(Regex, IReadOnlySet<string>, string)> entries) => _entries = entries;

    public static PlanChangeAllowList Empty { get; } = new([]);

    public static PlanChangeAllowList Read(string infraDirectory)
    {
        var path = Path.Combine(infraDirectory, FileName);
        if (!File.Exists(path))
        {
            return Empty;
        }

        var shown = "infra/" + FileName;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var entries = new List<(Regex, IReadOnlySet<string>, string)>();
            foreach (var entry in document.RootElement.GetProperty("allowed").EnumerateArray())
            {
                var address = entry.GetProperty("address").GetString();
                var reason = entry.TryGetProperty("reason", out var r) ? r.GetString() : null;
                var attributes = entry.GetProperty("attributes").EnumerateArray().Select(a => a.GetString() ?? "").ToHashSet(StringComparer.Ordinal);
                if (string.IsNullOrWhiteSpace(address) || string.IsNullOrWhiteSpace(reason) || attributes.Count == 0)
                {
                    throw new ActionableError($"{shown}: every entry needs an address, the attributes it may change and a reason — fix the entry for '{address}'", exitCode: 2);
                }

                entries.Add((new Regex("^" + Regex.Escape(address).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant), attributes, reason));
            }

            return new PlanChangeAllowList(entries);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ActionableError($"{shown} is not a valid allow list ({e.Message}) — it holds {{\"allowed\": [{{\"address\", \"attributes\", \"reason\"}}]}}", exitCode: 2);
        }
    }

    /// <summary>The reason a change is expected, or null when it is not allowed.</summary>
    public string? ReasonFor(ResourceChange change)
    {
        if (change.Action != PlanAction.Update || change.Attributes.Count == 0)
        {
            return null;
        }

        foreach (var (address, attributes, reason) in _entries)
        {
            if (address.IsMatch(change.Address) && change.Attributes.All(attributes.Contains))
            {
                return reason;
            }
        }

        return null;
    }
}
