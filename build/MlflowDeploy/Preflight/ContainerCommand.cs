using System.Text;
using System.Text.Json;

namespace MlflowDeploy.Preflight;

/// <summary>
/// The MLflow container as ECS will run it, read from the rendered task definition: the words of the
/// <c>mlflow server</c> command line, its environment and its secret references.
/// </summary>
public sealed record ContainerCommand
{
    public required IReadOnlyList<string> ServerArguments { get; init; }
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>Variable name → <c>valueFrom</c> (a Secrets Manager ARN, maybe with <c>:json-key::</c>).</summary>
    public required IReadOnlyDictionary<string, string> Secrets { get; init; }

    public int? Memory { get; init; }
    public IReadOnlyList<int> ContainerPorts { get; init; } = [];

    /// <summary>The container's image reference.</summary>
    public string? Image { get; init; }

    /// <summary>The <c>user</c> the container runs as (null: the image's own, which may be root).</summary>
    public string? User { get; init; }

    public bool ReadonlyRootFilesystem { get; init; }

    /// <summary>Container paths of writable mounts.</summary>
    public IReadOnlyList<string> WritablePaths { get; init; } = [];

    /// <summary>The value after <paramref name="flag"/> (<c>--flag value</c> or <c>--flag=value</c>), or null.</summary>
    public string? Option(string flag)
    {
        for (var i = 0; i < ServerArguments.Count; i++)
        {
            if (ServerArguments[i] == flag && i + 1 < ServerArguments.Count)
            {
                return ServerArguments[i + 1];
            }

            if (ServerArguments[i].StartsWith(flag + "=", StringComparison.Ordinal))
            {
                return ServerArguments[i][(flag.Length + 1)..];
            }
        }

        return null;
    }

    public static ContainerCommand Parse(string containerDefinitions, string containerName)
    {
        using var document = JsonDocument.Parse(containerDefinitions);
        var container = document.RootElement.EnumerateArray().FirstOrDefault(c => c.GetProperty("name").GetString() == containerName);
        if (container.ValueKind != JsonValueKind.Object)
        {
            throw new ActionableError($"the task definition has no container named '{containerName}' — the container_name output and the container definition must agree in infra/ecs.tf");
        }

        var words = new List<string>();
        foreach (var part in new[] { "entryPoint", "command" })
        {
            if (container.TryGetProperty(part, out var list))
            {
                words.AddRange(list.EnumerateArray().Select(w => w.GetString() ?? ""));
            }
        }

        // ["sh", "-c", script]: the script's words are what the shell runs.
        if (words.Count >= 3 && words[1] == "-c" && words[0] is "sh" or "bash" or "/bin/sh" or "/bin/bash")
        {
            words = ShellWords(words[2]);
        }

        List<string> arguments;
        if (!container.TryGetProperty("entryPoint", out _) && words is ["serve", ..])
        {
            // The image's entrypoint (infra/image/entrypoint.py): `serve` hands its flags to `mlflow server` unchanged.
            arguments = words.Skip(1).ToList();
        }
        else
        {
            var server = words.FindIndex(w => w == "mlflow");
            arguments = server >= 0 && server + 1 < words.Count && words[server + 1] == "server"
                ? words.Skip(server + 2).TakeWhile(w => w is not ("&&" or ";" or "|" or "||")).ToList()
                : throw new ActionableError("the container command neither runs the image's `serve` nor `mlflow server` — check command/entryPoint in infra/ecs.tf");
        }

        return new ContainerCommand
        {
            ServerArguments = arguments,
            Environment = Pairs(container, "environment", "value"),
            Secrets = Pairs(container, "secrets", "valueFrom"),
            Memory = container.TryGetProperty("memory", out var memory) && memory.ValueKind == JsonValueKind.Number ? memory.GetInt32() : null,
            ContainerPorts = container.TryGetProperty("portMappings", out var ports)
                ? ports.EnumerateArray().Select(p => p.GetProperty("containerPort").GetInt32()).ToList()
                : [],
            Image = container.TryGetProperty("image", out var image) ? image.GetString() : null,
            User = container.TryGetProperty("user", out var user) ? user.GetString() : null,
            ReadonlyRootFilesystem = container.TryGetProperty("readonlyRootFilesystem", out var readOnly) && readOnly.ValueKind == JsonValueKind.True,
            WritablePaths = container.TryGetProperty("mountPoints", out var mounts)
                ? mounts.EnumerateArray()
                    .Where(m => !(m.TryGetProperty("readOnly", out var r) && r.ValueKind == JsonValueKind.True))
                    .Select(m => m.GetProperty("containerPath").GetString() ?? "")
                    .ToList()
                : [],
        };
    }

    private static Dictionary<string, string> Pairs(JsonElement container, string list, string valueName)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (container.TryGetProperty(list, out var items))
        {
            foreach (var item in items.EnumerateArray())
            {
                pairs[item.GetProperty("name").GetString() ?? ""] = item.GetProperty(valueName).GetString() ?? "";
            }
        }

        return pairs;
    }

    /// <summary>
    /// Splits a POSIX shell script into words the way sh does for the simple scripts a task definition holds:
    /// quotes group, backslash-newline continues a line, newline and ';' separate commands (kept as ";").
    /// Variables stay unexpanded ("$NAME"), since the container's environment supplies them.
    /// </summary>
    internal static List<string> ShellWords(string script)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        void End()
        {
            if (inWord)
            {
                words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
        }

        for (var i = 0; i < script.Length; i++)
        {
            var c = script[i];
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else if (q == '"' && c == '\\' && i + 1 < script.Length && script[i + 1] is '"' or '\\' or '$')
                {
                    word.Append(script[++i]);
                }
                else
                {
                    word.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '\\' when i + 1 < script.Length && script[i + 1] == '\n':
                    i++;
                    break;
                case '\\' when i + 1 < script.Length:
                    word.Append(script[++i]);
                    inWord = true;
                    break;
                case '"' or '\'':
                    quote = c;
                    inWord = true;
                    break;
                case '\n' or ';':
                    End();
                    words.Add(";");
                    break;
                case ' ' or '\t' or '\r':
                    End();
                    break;
                default:
                    word.Append(c);
                    inWord = true;
                    break;
            }
        }

        End();
        return words;
    }
}
