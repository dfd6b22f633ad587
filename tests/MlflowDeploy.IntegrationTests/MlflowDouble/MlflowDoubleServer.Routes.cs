using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace MlflowDeploy.Tests.MlflowDouble;

/// <summary>The endpoints the double serves, with the methods Flask allows for each.</summary>
public sealed partial class MlflowDoubleServer
{
    private async Task RouteAsync(HttpContext context, string path)
    {
        var method = context.Request.Method;
        var query = context.Request.Query;
        switch (path)
        {
            case "/health":
                await AllowAsync(context, ["GET"], () => TextAsync(context, Faults.HealthBody ?? "OK"));
                return;
            case "/version":
                await AllowAsync(context, ["GET"], () => TextAsync(context, _version));
                return;
            case GetArtifactPath:
                await AllowAsync(context, ["GET"], () => BytesAsync(context, Store.GetRunArtifact(query["run_id"].FirstOrDefault() ?? query["run_uuid"].FirstOrDefault(), query["path"].FirstOrDefault())));
                return;
            case ArtifactsApi:
                await AllowAsync(context, ["GET"], () => ProxyAsync(context, () => JsonAsync(context, 200, Store.ListArtifacts(query["path"]))));
                return;
        }

        if (path.StartsWith(ArtifactsApi + "/", StringComparison.Ordinal))
        {
            var artifact = Uri.UnescapeDataString(path[(ArtifactsApi.Length + 1)..]);
            await AllowAsync(context, ["GET", "PUT", "DELETE"], () => ProxyAsync(context, async () =>
            {
                switch (method)
                {
                    case "GET":
                        await BytesAsync(context, Store.GetArtifact(artifact));
                        break;
                    case "PUT":
                        using (var buffer = new MemoryStream())
                        {
                            await context.Request.Body.CopyToAsync(buffer);
                            Store.PutArtifact(artifact, buffer.ToArray());
                        }

                        await JsonAsync(context, 200, new JsonObject());
                        break;
                    default:
                        Store.DeleteArtifact(artifact);
                        await JsonAsync(context, 200, new JsonObject());
                        break;
                }
            }));
            return;
        }

        if (!path.StartsWith(TrackingApi, StringComparison.Ordinal))
        {
            await FlaskErrorAsync(context, 404);
            return;
        }

        switch (path[TrackingApi.Length..])
        {
            case "experiments/search":
                await AllowAsync(context, ["GET", "POST"], async () =>
                {
                    if (Faults.MalformedSearchJson)
                    {
                        context.Response.ContentType = "application/json";
                        await context.Response.WriteAsync("{\"experiments\": [{\"experiment_id\": \"0\", \"name\": ");
                        return;
                    }

                    JsonObject answer;
                    if (method == "POST")
                    {
                        var body = await ReadJsonBodyAsync(context);
                        answer = Store.SearchExperiments(body["max_results"]?.ToString(), body["view_type"]?.ToString(), body["page_token"]?.ToString());
                    }
                    else
                    {
                        answer = Store.SearchExperiments(query["max_results"].FirstOrDefault(), query["view_type"].FirstOrDefault(), query["page_token"].FirstOrDefault());
                    }

                    await JsonAsync(context, 200, answer);
                });
                return;
            case "experiments/get":
                await GetAsync(context, () => Store.GetExperiment(query["experiment_id"].FirstOrDefault()));
                return;
            case "experiments/get-by-name":
                await GetAsync(context, () => Store.GetExperimentByName(query["experiment_name"].FirstOrDefault()));
                return;
            case "experiments/create":
                await PostAsync(context, Store.CreateExperiment);
                return;
            case "experiments/delete":
                await PostAsync(context, Store.DeleteExperiment);
                return;
            case "experiments/set-experiment-tag":
                await PostAsync(context, Store.SetExperimentTag);
                return;
            case "runs/create":
                await PostAsync(context, Store.CreateRun);
                return;
            case "runs/update":
                await PostAsync(context, Store.UpdateRun);
                return;
            case "runs/log-metric":
                await PostAsync(context, Store.LogMetric);
                return;
            case "runs/log-batch":
                await PostAsync(context, Store.LogBatch);
                return;
            case "runs/set-tag":
                await PostAsync(context, Store.SetTag);
                return;
            case "runs/delete":
                await PostAsync(context, Store.DeleteRun);
                return;
            case "runs/search":
                await PostAsync(context, Store.SearchRuns);
                return;
            case "runs/get":
                await GetAsync(context, () => Store.GetRun(query["run_id"].FirstOrDefault() ?? query["run_uuid"].FirstOrDefault()));
                return;
            case "metrics/get-history":
                await GetAsync(context, () => Store.GetMetricHistory(
                    query["run_id"].FirstOrDefault() ?? query["run_uuid"].FirstOrDefault(),
                    query["metric_key"].FirstOrDefault(),
                    query["max_results"].FirstOrDefault(),
                    query["page_token"].FirstOrDefault()));
                return;
            case "artifacts/list":
                await GetAsync(context, () => Store.ListRunArtifacts(query["run_id"].FirstOrDefault() ?? query["run_uuid"].FirstOrDefault(), query["path"].FirstOrDefault()));
                return;
            default:
                await FlaskErrorAsync(context, 404);
                return;
        }
    }

    private static Task GetAsync(HttpContext context, Func<JsonObject> operation) =>
        AllowAsync(context, ["GET"], () => JsonAsync(context, 200, operation()));

    /// <summary>Without <c>--serve-artifacts</c> the proxy's endpoints answer 503 with a plain-text reason.</summary>
    private async Task ProxyAsync(HttpContext context, Func<Task> serve)
    {
        if (!Store.ServesArtifacts)
        {
            context.Response.StatusCode = 503;
            context.Response.ContentType = Html;
            await context.Response.WriteAsync(
                "Endpoint: /api/2.0/mlflow-artifacts/artifacts/<path:artifact_path> disabled due to the mlflow server running with `--no-serve-artifacts`. To enable artifacts server functionality, run `mlflow server` with `--serve-artifacts`");
            return;
        }

        await serve();
    }

    private static async Task BytesAsync(HttpContext context, byte[] bytes)
    {
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);
    }
}
