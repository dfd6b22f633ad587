using System.Text.Json;

namespace MlflowDeploy.Cost;

/// <summary>
/// The dated, per-region on-demand price table (<c>infra/pricing/aws-prices.json</c>). It is read offline;
/// its "about" block says where the figures come from and when they were taken.
/// </summary>
public sealed class PriceTable
{
    public const string RelativePath = "infra/pricing/aws-prices.json";

    private readonly JsonElement _regions;

    private PriceTable(string shownPath, string taken, string source, bool verifiedOnline, JsonElement regions)
    {
        ShownPath = shownPath;
        Taken = taken;
        Source = source;
        VerifiedOnline = verifiedOnline;
        _regions = regions;
    }

    /// <summary>The table's path as shown to a reader (relative to the repository).</summary>
    public string ShownPath { get; }

    /// <summary>The date the figures were written down (about.taken).</summary>
    public string Taken { get; }

    /// <summary>Where the figures come from (about.source).</summary>
    public string Source { get; }

    /// <summary>False while the figures have not been compared with the live pages (about.verified_online).</summary>
    public bool VerifiedOnline { get; }

    public IReadOnlyList<string> Regions => _regions.EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal).ToList();

    public RegionPrices? ForRegion(string region) =>
        _regions.TryGetProperty(region, out var prices) && prices.ValueKind == JsonValueKind.Object ? new RegionPrices(region, prices) : null;

    public static PriceTable Load(string path, string shownPath)
    {
        if (!File.Exists(path))
        {
            throw new ActionableError($"price table {shownPath} not found — restore it from the repository (git checkout -- {shownPath})");
        }
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ActionableError($"price table {shownPath} is not valid JSON ({e.Message.ReplaceLineEndings(" ")}) — fix the file", inner: e);
        }
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("about", out var about) || about.ValueKind != JsonValueKind.Object
            || !about.TryGetProperty("taken", out var taken) || taken.ValueKind != JsonValueKind.String
            || !about.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("regions", out var regions) || regions.ValueKind != JsonValueKind.Object)
        {
            throw new ActionableError($"price table {shownPath} needs about.taken, about.source and a regions object — fix the file");
        }
        var verified = about.TryGetProperty("verified_online", out var flag) && flag.ValueKind == JsonValueKind.True;
        return new PriceTable(shownPath, taken.GetString()!, source.GetString()!, verified, regions);
    }
}
