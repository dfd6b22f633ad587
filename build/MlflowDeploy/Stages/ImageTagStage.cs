using MlflowDeploy.GitHub;
using MlflowDeploy.Image;
using MlflowDeploy.Preflight;

namespace MlflowDeploy.Stages;

/// <summary>
/// Names the image an environment needs: its mlflow_version (the tfvars, else infra/variables.tf's default) and the
/// tag of infra/image built for it. The workflows' image steps read it to find or build that image, so the tag is
/// computed in one place. It reads files only: no terraform, no emulator, no AWS.
/// </summary>
public static class ImageTagStage
{
    public static async Task RunAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var infra = context.Environment.InfraDirectory;
        var version = context.Tfvars.GetString("mlflow_version")
            ?? DeclaredVariables.Read(infra).Find("mlflow_version")?.StringDefault
            ?? throw new ActionableError($"no mlflow_version: set it in {context.Relative(context.Environment.VarFile)} (infra/variables.tf declares no string default)");
        var tag = ImageTag.For(Path.Combine(infra, "image"), version);

        context.Log($"image for {context.Environment.Name}: MLflow {tag.MlflowVersion}, tag {tag.Value} (infra/image {string.Join(" + ", ImageTag.Inputs)})");
        var outputs = new Dictionary<string, string> { ["mlflow_version"] = tag.MlflowVersion, ["tag"] = tag.Value };
        if (await JobOutputs.SetAsync(outputs, cancellationToken).ConfigureAwait(false))
        {
            context.Log("step outputs: mlflow_version, tag");
        }
    }
}
