namespace MlflowDeploy.Mlflow;

/// <summary>Where the tracking server is and how to talk to it.</summary>
public sealed record MlflowClientOptions
{
    /// <summary>The server's root, which may carry a path prefix (<c>https://host/mlflow</c>).</summary>
    public required Uri BaseUrl { get; init; }

    public MlflowCredentials Credentials { get; init; } = MlflowCredentials.None;

    /// <summary>The longest one request may take, from sending to the last byte of the body.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Told when each request ends: null when it was answered as documented, its failure otherwise (not when the
    /// caller cancelled it). Verify keeps a sample of the server's answers with it.
    /// </summary>
    public Action<MlflowRequestException?>? Answered { get; init; }

    /// <summary>Drives the per-request timeout; tests may pass their own clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
