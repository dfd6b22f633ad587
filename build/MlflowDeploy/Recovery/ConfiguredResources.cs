using System.Text.RegularExpressions;

namespace MlflowDeploy.Recovery;

/// <summary>
/// The resource blocks of <c>infra/*.tf</c>: type, name and whether the block repeats (count or for_each), read from
/// the text (terraform fmt's layout). Enough to say which address an orphaned resource belongs at; terraform itself
/// checks the address when the import runs.
/// </summary>
public sealed partial class ConfiguredResources
{
    private readonly IReadOnlyList<ConfiguredResource> _blocks;

    private ConfiguredResources(IReadOnlyList<ConfiguredResource> blocks) => _blocks = blocks;

    public IReadOnlyList<ConfiguredResource> OfType(string type) => _blocks.Where(b => b.Type == type).ToList();

    public static ConfiguredResources Read(string infraDirectory) =>
        new(Directory.EnumerateFiles(infraDirectory, "*.tf").Order(StringComparer.Ordinal).SelectMany(file => Parse(File.ReadAllText(file))).ToList());

    public static IEnumerable<ConfiguredResource> Parse(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var header = Header().Match(lines[i]);
            if (!header.Success)
            {
                continue;
            }

            var repeat = ResourceRepeat.None;
            var conditional = false;
            var prefixed = false;
            for (var j = i + 1; j < lines.Length && !lines[j].StartsWith('}'); j++)
            {
                if (Argument().Match(lines[j]) is { Success: true } argument && repeat == ResourceRepeat.None)
                {
                    repeat = argument.Groups[1].Value == "count" ? ResourceRepeat.Count : ResourceRepeat.ForEach;
                    conditional = OneOrNone().IsMatch(argument.Groups[2].Value);
                }

                prefixed |= Prefix().IsMatch(lines[j]);
            }

            yield return new ConfiguredResource(header.Groups[1].Value, header.Groups[2].Value, repeat, conditional, prefixed);
        }
    }

    [GeneratedRegex("""^resource\s+"([A-Za-z0-9_]+)"\s+"([A-Za-z0-9_-]+)"\s*\{""")]
    private static partial Regex Header();

    // Arguments of the block itself sit at two spaces (terraform fmt).
    [GeneratedRegex(@"^  (count|for_each)\s*=\s*(.*)$")]
    private static partial Regex Argument();

    // name_prefix, bucket_prefix, identifier_prefix: AWS appends a unique suffix.
    [GeneratedRegex(@"^  [a-z_]*_prefix\s*=")]
    private static partial Regex Prefix();

    // "count = var.x ? 1 : 0": at most one instance, so its index can only be 0.
    [GeneratedRegex(@"\?\s*1\s*:\s*0\s*$")]
    private static partial Regex OneOrNone();
}
