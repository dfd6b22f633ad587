using System.Text.Json;

namespace MlflowDeploy.Review;

/// <summary>The small values the streamed plan readers take from terraform's JSON: a string, or a list of strings; anything else is skipped.</summary>
internal static class PlanJsonValues
{
    public static string ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString()!;
        }
        reader.Skip();
        return "";
    }

    public static List<string> ReadStrings(ref Utf8JsonReader reader)
    {
        var items = new List<string>(2);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return items;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                items.Add(reader.GetString()!);
            }
            else
            {
                reader.Skip();
            }
        }
        return items;
    }
}
