using System.IO.Compression;
using System.Text;

namespace MlflowDeploy.Tests.Infra;

/// <summary>
/// Looks for secret values in everything a deploy leaves behind: files (a saved plan is a zip, so its entries are read
/// too) and captured output. Each value is also searched URL- and JSON-escaped.
/// </summary>
internal static class SecretValueScan
{
    /// <summary>Where any of <paramref name="secrets"/> occurs: "path" or "path!entry" or the label of a text.</summary>
    public static IReadOnlyList<string> Find(IReadOnlyList<string> secrets, IEnumerable<string> folders, IReadOnlyDictionary<string, string> texts)
    {
        var needles = secrets.Where(s => s.Length >= 8)
            .SelectMany(s => new[] { s, Uri.EscapeDataString(s), System.Text.Json.JsonSerializer.Serialize(s)[1..^1] })
            .Distinct()
            .ToList();
        bool Holds(string text) => needles.Any(n => text.Contains(n, StringComparison.Ordinal));

        var found = new List<string>();
        foreach (var folder in folders.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                // Provider plugins and their caches are hundreds of MB of code, not anything the deploy wrote.
                if (file.Contains($"{Path.DirectorySeparatorChar}providers{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                {
                    continue;
                }

                var bytes = File.ReadAllBytes(file);
                if (Holds(Encoding.UTF8.GetString(bytes)))
                {
                    found.Add(file);
                }

                if (bytes is [(byte)'P', (byte)'K', ..])
                {
                    using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
                    foreach (var entry in zip.Entries)
                    {
                        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
                        if (Holds(reader.ReadToEnd()))
                        {
                            found.Add($"{file}!{entry.FullName}");
                        }
                    }
                }
            }
        }

        found.AddRange(texts.Where(t => Holds(t.Value)).Select(t => t.Key));
        return found;
    }
}
