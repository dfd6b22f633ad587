using System.Text.Json;

namespace MlflowDeploy.Iam;

/// <summary>An identity policy or permissions boundary, parsed from its JSON; <see cref="Name"/> says where it came from.</summary>
public sealed record PolicyDocument(string Name, IReadOnlyList<PolicyStatement> Statements)
{
    public static PolicyDocument Parse(string name, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var statementElement = document.RootElement.GetProperty("Statement");
            var statements = statementElement.ValueKind == JsonValueKind.Array
                ? statementElement.EnumerateArray().Select(s => ParseStatement(name, s)).ToList()
                : [ParseStatement(name, statementElement)];
            return new PolicyDocument(name, statements);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"policy {name} is not a valid IAM policy document: {e.Message}", e);
        }
    }

    private static PolicyStatement ParseStatement(string name, JsonElement statement)
    {
        var effect = statement.GetProperty("Effect").GetString() switch
        {
            "Allow" => PolicyEffect.Allow,
            "Deny" => PolicyEffect.Deny,
            var other => throw new InvalidDataException($"policy {name}: Effect '{other}' is neither Allow nor Deny"),
        };
        var (actions, actionsNegated) = Either(statement, "Action", "NotAction");
        var (resources, resourcesNegated) = Either(statement, "Resource", "NotResource");
        var conditions = new List<PolicyCondition>();
        if (statement.TryGetProperty("Condition", out var block))
        {
            foreach (var op in block.EnumerateObject())
            {
                conditions.AddRange(op.Value.EnumerateObject().Select(key => new PolicyCondition(op.Name, key.Name, Strings(key.Value))));
            }
        }

        var sid = statement.TryGetProperty("Sid", out var sidElement) ? sidElement.GetString() : null;
        return new PolicyStatement(sid, effect, actions, actionsNegated, resources, resourcesNegated, conditions);
    }

    private static (IReadOnlyList<string> Values, bool Negated) Either(JsonElement statement, string positive, string negative) =>
        statement.TryGetProperty(negative, out var not) ? (Strings(not), true)
        : statement.TryGetProperty(positive, out var element) ? (Strings(element), false)
        : ([], false);

    private static IReadOnlyList<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().Select(Scalar).ToList(),
        _ => [Scalar(element)],
    };

    // Condition values may be written as JSON booleans or numbers; IAM compares their text.
    private static string Scalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => element.GetRawText(),
    };
}
