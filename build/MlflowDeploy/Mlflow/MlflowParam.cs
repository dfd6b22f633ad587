using System.Text.Json.Serialization;

namespace MlflowDeploy.Mlflow;

/// <summary>A run's param. Once logged its value never changes: logging another value is INVALID_PARAMETER_VALUE.</summary>
public sealed record MlflowParam(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("value")] string Value = "");
