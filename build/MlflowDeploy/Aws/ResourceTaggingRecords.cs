namespace MlflowDeploy.Aws;

/// <summary>A resource the Tagging API found, with all its tags.</summary>
public sealed record TaggedResource(string Arn, IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>The <c>Name</c> tag, or null.</summary>
    public string? Name => Tags.TryGetValue("Name", out var name) && name.Length > 0 ? name : null;
}
