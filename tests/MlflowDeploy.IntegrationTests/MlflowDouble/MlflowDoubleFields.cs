using System.Globalization;
using System.Text.Json.Nodes;

namespace MlflowDeploy.Tests.MlflowDouble;

/// <summary>
/// Reads request fields the way MLflow's handlers do: protobuf's JSON mapping (int64 as a number or a string,
/// doubles as numbers or "NaN"/"Infinity"), an absent or empty string counting as missing, and
/// INVALID_PARAMETER_VALUE for a field of the wrong type.
/// </summary>
internal static class MlflowDoubleFields
{
    public static MlflowDoubleError Missing(string field) =>
        MlflowDoubleError.InvalidParameter($"Missing value for required parameter '{field}'. See the API docs for more information about request parameters.");

    public static MlflowDoubleError Invalid(string field, JsonNode? node) =>
        MlflowDoubleError.InvalidParameter($"Invalid value {node?.ToJsonString() ?? "null"} for parameter '{field}' supplied.");

    public static string RequiredString(JsonObject body, string field, string? alias = null) =>
        OptionalString(body, field) ?? (alias is null ? null : OptionalString(body, alias)) ?? throw Missing(field);

    public static string? OptionalString(JsonObject body, string field)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            return text.Length == 0 ? null : text;
        }

        throw Invalid(field, node);
    }

    /// <summary>A string that may legitimately be empty (a param or tag value).</summary>
    public static string StringOrEmpty(JsonObject body, string field)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null)
        {
            return string.Empty;
        }

        return node is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw Invalid(field, node);
    }

    public static long? OptionalLong(JsonObject body, string field)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null)
        {
            return null;
        }

        // A number parsed from a request and one built in C# (the seeder) hold different CLR types: read the JSON text.
        if (node is JsonValue value
            && ((value.GetValueKind() == System.Text.Json.JsonValueKind.Number && long.TryParse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                || (value.TryGetValue<string>(out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out number))))
        {
            return number;
        }

        throw Invalid(field, node);
    }

    public static double RequiredDouble(JsonObject body, string field)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null)
        {
            throw Missing(field);
        }

        if (node is JsonValue value)
        {
            if (value.GetValueKind() == System.Text.Json.JsonValueKind.Number
                && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }

            if (value.TryGetValue<string>(out var text))
            {
                switch (text)
                {
                    case "NaN":
                        return double.NaN;
                    case "Infinity":
                        return double.PositiveInfinity;
                    case "-Infinity":
                        return double.NegativeInfinity;
                }

                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
                {
                    return number;
                }
            }
        }

        throw Invalid(field, node);
    }

    public static IReadOnlyList<JsonObject> ObjectArray(JsonObject body, string field)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null)
        {
            return [];
        }

        if (node is JsonArray array && array.All(e => e is JsonObject))
        {
            return array.Cast<JsonObject>().ToList();
        }

        throw Invalid(field, node);
    }

    public static IReadOnlyList<string> StringArray(JsonObject body, string field)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null)
        {
            return [];
        }

        if (node is JsonArray array && array.All(e => e is JsonValue v && v.TryGetValue<string>(out _)))
        {
            return array.Select(e => e!.GetValue<string>()).ToList();
        }

        throw Invalid(field, node);
    }

    /// <summary>A page token as MLflow's SearchUtils makes them: base64 of <c>{"offset": n}</c>.</summary>
    public static int Offset(string? pageToken)
    {
        if (string.IsNullOrEmpty(pageToken))
        {
            return 0;
        }

        try
        {
            var json = JsonNode.Parse(Convert.FromBase64String(pageToken)) as JsonObject;
            if (json?["offset"] is JsonValue offset && offset.TryGetValue<int>(out var n) && n >= 0)
            {
                return n;
            }
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
        }

        throw MlflowDoubleError.InvalidParameter($"Invalid page token, could not base64-decode or parse: {pageToken}");
    }

    public static string PageToken(int offset) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{{\"offset\": {offset}}}"));

    /// <summary>
    /// <c>max_results</c> as SearchRuns and SearchExperiments check it: 1 to 50,000, default 1,000.
    /// </summary>
    public static int MaxResults(string? text)
    {
        var max = 1000;
        if (text is not null && (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out max) || max < 1))
        {
            throw MlflowDoubleError.InvalidParameter($"Invalid value {text} for parameter 'max_results' supplied.");
        }

        if (max > MlflowDoubleStore.MaxSearchResults)
        {
            throw MlflowDoubleError.InvalidParameter($"Invalid value {max} for parameter 'max_results' supplied. It must be at most {MlflowDoubleStore.MaxSearchResults}, but got value {max}");
        }

        return max;
    }

    /// <summary>ViewType by name or number, ACTIVE_ONLY when absent.</summary>
    public static string[] LifecycleStages(string? viewType) => (viewType ?? "ACTIVE_ONLY") switch
    {
        "ACTIVE_ONLY" or "1" => ["active"],
        "DELETED_ONLY" or "2" => ["deleted"],
        "ALL" or "3" => ["active", "deleted"],
        _ => throw MlflowDoubleError.InvalidParameter($"Invalid value {viewType} for parameter 'view_type' supplied."),
    };
}
