using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace MlflowDeploy.Image;

/// <summary>
/// The tag the image built from infra/image is pushed under: <c>&lt;mlflow_version&gt;-&lt;12 hex&gt;</c>, the hex naming the
/// build inputs (the Dockerfile and the entrypoint). Equal inputs give the equal tag, so an image is built once per MLflow
/// version and dependency set, and the repository's immutable tags make "the tag exists" mean "this exact build exists".
/// </summary>
public sealed partial record ImageTag(string MlflowVersion, string InputsHash)
{
    /// <summary>The files whose content decides what the image holds; the order is part of the hash.</summary>
    public static readonly IReadOnlyList<string> Inputs = ["Dockerfile", "entrypoint.py"];

    public string Value => $"{MlflowVersion}-{InputsHash}";

    public static ImageTag For(string imageDirectory, string mlflowVersion)
    {
        if (!ReleaseVersion().IsMatch(mlflowVersion))
        {
            throw new ActionableError($"mlflow_version '{mlflowVersion}' is not a release version such as 2.18.0 — set it in the environment's tfvars");
        }

        // Each file's name and content hash, so renaming or moving bytes between the files changes the tag, and line
        // endings are hashed as committed (the workflows check out without conversion).
        var manifest = new StringBuilder();
        foreach (var name in Inputs)
        {
            var path = Path.Combine(imageDirectory, name);
            if (!File.Exists(path))
            {
                throw new ActionableError($"the image input {path} is missing — restore infra/image/{name} from the repository");
            }

            manifest.Append(name).Append('\n').Append(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))).Append('\n');
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest.ToString())))[..12];
        return new ImageTag(mlflowVersion, hash);
    }

    [GeneratedRegex(@"^[0-9]+\.[0-9]+\.[0-9]+$")]
    private static partial Regex ReleaseVersion();
}
