namespace MlflowDeploy.GitHub;

/// <summary>What the nightly run watches; each kind has its own label and so its own issue.</summary>
public enum IncidentKind
{
    /// <summary>Verify found MLflow unhealthy or could not look (label <c>mlflow-health</c>).</summary>
    Health,

    /// <summary>The plan against the live account is not empty (label <c>infra-drift</c>).</summary>
    Drift,
}

public static class IncidentKindText
{
    /// <summary>The issue label; the open issue is found by it.</summary>
    public static string Label(this IncidentKind kind) => kind switch
    {
        IncidentKind.Health => "mlflow-health",
        IncidentKind.Drift => "infra-drift",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Title(this IncidentKind kind, string environment) => kind switch
    {
        IncidentKind.Health => $"MLflow {environment} is unhealthy",
        IncidentKind.Drift => $"Infrastructure drift in {environment}",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Label colour (hex, no #) used when the label has to be created.</summary>
    internal static string Colour(this IncidentKind kind) => kind == IncidentKind.Health ? "d73a4a" : "fbca04";

    internal static string LabelDescription(this IncidentKind kind) => kind == IncidentKind.Health
        ? "Opened and closed by the nightly MLflow health check"
        : "Opened and closed by the nightly drift check (terraform plan)";
}
