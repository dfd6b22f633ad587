namespace MlflowDeploy.Mlflow;

/// <summary>Which lifecycle stages a search returns; the server's default is <see cref="ActiveOnly"/>.</summary>
public enum MlflowViewType
{
    ActiveOnly,
    DeletedOnly,
    All,
}

public static class MlflowViewTypeText
{
    /// <summary>The enum's name as protobuf's JSON mapping and the query string take it.</summary>
    public static string ToWire(this MlflowViewType viewType) => viewType switch
    {
        MlflowViewType.ActiveOnly => "ACTIVE_ONLY",
        MlflowViewType.DeletedOnly => "DELETED_ONLY",
        MlflowViewType.All => "ALL",
        _ => throw new ArgumentOutOfRangeException(nameof(viewType)),
    };
}
