using System.Text;
using System.Text.Json;
using MlflowDeploy.Environments;
using MlflowDeploy.Preflight;

namespace MlflowDeploy.Terraform;

/// <summary>
/// Variable overrides handed to terraform as one more var file, placed after the environment's so that its values
/// win, exactly as <c>-var</c> would. A file rather than <c>-var</c> arguments because a value may be a secret:
/// arguments show in the process list and in a "did not finish" message, the file sits in a private temporary
/// folder (this user only) and is deleted on dispose.
/// </summary>
public sealed class OverrideVarFile : IDisposable
{
    private readonly DirectoryInfo _folder;

    private OverrideVarFile(DirectoryInfo folder, string path)
    {
        _folder = folder;
        Path = path;
    }

    public string Path { get; }

    /// <summary>
    /// The <c>--var</c> values as HCL, read as terraform reads <c>-var</c>: a literal string for variables without a
    /// type or with a primitive one (terraform converts it), an HCL expression for lists, maps and objects.
    /// </summary>
    public static OverrideVarFile FromArguments(IEnumerable<(VarOverride Override, DeclaredVariable Variable)> overrides)
    {
        var text = new StringBuilder();
        foreach (var (given, variable) in overrides)
        {
            text.Append(given.Name).Append(" = ").Append(variable.TakesLiteralValue ? HclString(given.Value) : given.Value).Append('\n');
        }

        return Write("overrides.tfvars", text.ToString());
    }

    /// <summary>Values as terraform's plan JSON records them (already typed), for a plan that must repeat another's overrides.</summary>
    public static OverrideVarFile FromPlanValues(IReadOnlyDictionary<string, JsonElement> values)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in values)
            {
                json.WritePropertyName(name);
                value.WriteTo(json);
            }

            json.WriteEndObject();
        }

        return Write("overrides.tfvars.json", Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>A quoted HCL string: escapes, and <c>${</c>/<c>%{</c> doubled so that no template is evaluated.</summary>
    internal static string HclString(string value)
    {
        var text = new StringBuilder("\"");
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '$' or '%' when i + 1 < value.Length && value[i + 1] == '{': text.Append(c).Append(c); break;
                default:
                    if (char.IsControl(c))
                        text.Append($"\\u{(int)c:X4}");
                    else
                        text.Append(c);
                    break;
            }
        }

        return text.Append('"').ToString();
    }

    private static OverrideVarFile Write(string name, string content)
    {
        var folder = Directory.CreateTempSubdirectory("mlflow-deploy-vars-");
        var path = System.IO.Path.Combine(folder.FullName, name);
        File.WriteAllText(path, content);
        return new OverrideVarFile(folder, path);
    }

    public void Dispose()
    {
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
