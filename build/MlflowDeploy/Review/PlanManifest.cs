using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlflowDeploy.Review;

/// <summary>
/// The record written beside plan.bin (as plan.manifest.json) that ties the reviewed plan to what gets
/// applied: Apply refuses a plan made for another environment or changed since review.
/// Holds names only; variable values never enter it.
/// </summary>
public sealed record PlanManifest
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public required string Environment { get; init; }
    public required string PlanFile { get; init; }
    public required string Sha256 { get; init; }
    public string? GitCommit { get; init; }
    public string? TerraformVersion { get; init; }
    public required DateTimeOffset CreatedUtc { get; init; }
    public IReadOnlyList<string> VarFiles { get; init; } = [];
    public IReadOnlyList<string> VarOverrides { get; init; } = [];

    /// <summary>plan.bin → plan.manifest.json in the same folder.</summary>
    public static string PathFor(string planFile) => Environments.ArtifactLayout.ManifestFor(planFile);

    public static async Task<PlanManifest> WriteAsync(PlanManifestInput input, CancellationToken ct, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!File.Exists(input.PlanFile))
        {
            throw new ActionableError($"plan file not found at {input.PlanFile} — terraform plan -out must write it before the manifest");
        }
        var manifest = new PlanManifest
        {
            Environment = input.Environment,
            PlanFile = Path.GetFileName(input.PlanFile),
            Sha256 = await HashAsync(input.PlanFile, ct).ConfigureAwait(false),
            GitCommit = await SourceRevision.ResolveAsync(input.RepositoryDirectory, ct, environment).ConfigureAwait(false),
            TerraformVersion = input.TerraformVersion,
            CreatedUtc = DateTimeOffset.UtcNow,
            VarFiles = input.VarFiles.ToList(),
            VarOverrides = input.VarOverrides.Select(NameOnly).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList(),
        };
        var path = PathFor(input.PlanFile);
        var temp = path + ".tmp";
        await using (var file = File.Create(temp))
        {
            await JsonSerializer.SerializeAsync(file, manifest, Json, ct).ConfigureAwait(false);
        }
        File.Move(temp, path, overwrite: true);
        return manifest;
    }

    /// <summary>
    /// Checks, before apply, that <paramref name="planFile"/> was made for <paramref name="environment"/>
    /// and is byte-for-byte the plan that was reviewed. Returns the manifest when it is.
    /// </summary>
    public static async Task<PlanManifest> VerifyAsync(string planFile, string environment, CancellationToken ct)
    {
        var name = Path.GetFileName(planFile);
        if (!File.Exists(planFile))
        {
            throw new ActionableError($"{name} not found at {Path.GetFullPath(planFile)} — run Plan for {environment} first");
        }
        var path = PathFor(planFile);
        if (!File.Exists(path))
        {
            throw new ActionableError($"{name} has no manifest ({Path.GetFileName(path)} missing beside it) — run Plan for {environment} again; Apply only takes a plan made by Plan");
        }
        PlanManifest? manifest;
        try
        {
            await using var file = File.OpenRead(path);
            manifest = await JsonSerializer.DeserializeAsync<PlanManifest>(file, Json, ct).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new ActionableError($"{Path.GetFileName(path)} is unreadable ({e.Message}) — run Plan for {environment} again", inner: e);
        }
        if (manifest is null || string.IsNullOrEmpty(manifest.Sha256) || string.IsNullOrEmpty(manifest.Environment))
        {
            throw new ActionableError($"{Path.GetFileName(path)} is incomplete — run Plan for {environment} again");
        }
        if (!string.Equals(manifest.Environment, environment, StringComparison.Ordinal))
        {
            throw new ActionableError($"{name} was made for {manifest.Environment}, not {environment} — run Plan for {environment}");
        }
        var actual = await HashAsync(planFile, ct).ConfigureAwait(false);
        if (!string.Equals(actual, manifest.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ActionableError(
                $"{name} does not match its manifest (sha256 {Short(actual)}, reviewed {Short(manifest.Sha256)}) — it changed after review; run Plan again");
        }
        return manifest;
    }

    private static async Task<string> HashAsync(string file, CancellationToken ct)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false));
    }

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] + "…" : sha;

    private static string NameOnly(string overrideText)
    {
        var equals = overrideText.IndexOf('=');
        return (equals >= 0 ? overrideText[..equals] : overrideText).Trim();
    }
}
