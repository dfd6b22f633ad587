using MlflowDeploy.Mlflow;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Stages;

/// <summary>
/// The tracking server a day-2 stage talks to: <c>--mlflow-url</c>, else the stack's <c>mlflow_url</c> output, with
/// the MLFLOW_TRACKING_* credentials. An emulated environment serves no MLflow at its load balancer, so there it is
/// only <c>--mlflow-url</c>.
/// </summary>
public static class DeployedMlflow
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A client (the caller disposes it), or null with the reason there is none to ask.</summary>
    public static (MlflowClient? Client, string? Unavailable) Connect(PipelineContext context, DeploymentOutputs outputs)
    {
        Uri url;
        if (context.Parameters.MlflowUrl is { } given)
        {
            url = new Uri(given);
        }
        else if (context.Environment.UsesEmulator)
        {
            return (null, "the emulator serves no MLflow at its load balancer (pass --mlflow-url to ask one)");
        }
        else if (!Uri.TryCreate(outputs.MlflowUrl, UriKind.Absolute, out url!))
        {
            return (null, $"the Terraform output mlflow_url '{outputs.MlflowUrl}' is not an absolute URL");
        }

        var client = new MlflowClient(new MlflowClientOptions
        {
            BaseUrl = url,
            Credentials = MlflowCredentials.FromEnvironment(),
            RequestTimeout = RequestTimeout,
        });
        return (client, null);
    }
}
