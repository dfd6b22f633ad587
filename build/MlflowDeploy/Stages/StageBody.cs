namespace MlflowDeploy.Stages;

/// <summary>One stage's work: what a Cake task body hands to <see cref="BuildRun.Execute"/>.</summary>
public delegate Task StageBody(PipelineContext context, CancellationToken cancellationToken);
