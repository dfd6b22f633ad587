namespace MlflowDeploy.Aws;

/// <summary>A secret's metadata: which version ids carry which staging labels. No value.</summary>
public sealed record SecretDescription(string Arn, string Name, IReadOnlyDictionary<string, IReadOnlyList<string>> VersionStages, DateTimeOffset? DeletedAt)
{
    public const string CurrentStage = "AWSCURRENT";

    /// <summary>True when some version is AWSCURRENT: the secret has a value.</summary>
    public bool HasCurrentValue => VersionStages.Values.Any(stages => stages.Contains(CurrentStage));
}

public sealed record SecretVersionWritten(string Arn, string VersionId, IReadOnlyList<string> VersionStages);

/// <summary>A secret's value. <see cref="ToString"/> shows where it came from, never the value.</summary>
public sealed record SecretValue(string Arn, string VersionId, string SecretString)
{
    public override string ToString() => $"SecretValue {{ Arn = {Arn}, VersionId = {VersionId}, SecretString = (hidden) }}";
}
