namespace MlflowDeploy.Recovery;

/// <summary>
/// One <c>resource "type" "name"</c> block; <see cref="AtMostOne"/> when its count is "condition ? 1 : 0", and
/// <see cref="NamePrefixed"/> when AWS names it from a prefix (name_prefix, bucket_prefix…), so a leftover never holds its name.
/// </summary>
public sealed record ConfiguredResource(string Type, string Name, ResourceRepeat Repeat, bool AtMostOne, bool NamePrefixed = false)
{
    public string Address => $"{Type}.{Name}";
}
