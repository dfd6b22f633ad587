using MlflowDeploy.Iam;
using System.Reflection;

namespace MlflowDeploy.Stages;

/// <summary>
/// The role a stage needs: a stage class says which one, the workflows assume it before the stage runs, and the
/// least-privilege rehearsal runs the stage as exactly that role. A stage that talks to no AWS account declares none.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RunsAsAttribute(PipelineRole role) : Attribute
{
    public PipelineRole Role { get; } = role;

    /// <summary>The role the stage's class declares, or null.</summary>
    public static PipelineRole? Of(StageBody stage) => stage.Method.DeclaringType?.GetCustomAttribute<RunsAsAttribute>()?.Role;

    /// <summary>The stage's name as build.cake gives its task: the class name without "Stage".</summary>
    public static string NameOf(StageBody stage) =>
        stage.Method.DeclaringType?.Name is { } name && name.EndsWith("Stage", StringComparison.Ordinal) ? name[..^"Stage".Length] : stage.Method.Name;
}
