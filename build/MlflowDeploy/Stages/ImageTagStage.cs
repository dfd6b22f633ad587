using MlflowDeploy.GitHub;
using MlflowDeploy.Image;
using MlflowDeploy.Preflight;

namespace MlflowDeploy.Stages;

/// <summary>
/// Names the image an environment needs: the repository (image_repository) and the tag of infra/image built for its
/// mlflow_version, each from the tfvars, else infra/variables.tf's default. The workflows' image steps read it to find
/// or build that image, so the tag is computed in one place. It reads files only: no terraform, no emulator, no AWS.
/// </summary>
public static class ImageTagStage
{
    public static async Task RunAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var infra = context.Environment.InfraDirectory;
        var declared = DeclaredVariables.Read(infra);
        string Setting(string name) => context.Tfvars.GetString(name)
            ?? declared.Find(name)?.StringDefault
            ?? throw new ActionableError($"no {name}: set it in {context.Relative(context.Environment.VarFile)} (infra/variables.tf declares no string default)");
        var tag = ImageTag.For(Path.Combine(infra, "image"), Setting("mlflow_version"));
        var repository = Setting("image_repository");

        context.Log($"image for {context.Environment.Name}: {repository}:{tag.Value} (MLflow {tag.MlflowVersion}; infra/image {string.Join(" + ", ImageTag.Inputs)})");
        var outputs = new Dictionary<string, string> { ["mlflow_version"] = tag.MlflowVersion, ["tag"] = tag.Value, ["repository"] = repository };
        if (await JobOutputs.SetAsync(outputs, cancellationToken).ConfigureAwait(false))
        {
            context.Log($"step outputs: {string.Join(", ", outputs.Keys)}");
        }
    }
}
