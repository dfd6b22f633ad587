using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MlflowDeploy.Bench;

/// <summary>
/// The few MLflow answers Verify reads (<c>/health</c>, <c>/version</c>, <c>experiments/search</c>), served with
/// HttpListener so the benchmark needs no ASP.NET host. Shapes follow the MLflow 2.17 REST notes.
/// </summary>
internal sealed class BenchMlflowServer : IDisposable
{
    private const string SearchAnswer =
        """{"experiments":[{"experiment_id":"0","name":"Default","artifact_location":"mlflow-artifacts:/0","lifecycle_stage":"active","last_update_time":1,"creation_time":1}]}""";

    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public BenchMlflowServer(string version)
    {
        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUrl.ToString());
        _listener.Start();
        _loop = Task.Run(() => ServeAsync(version));
    }

    public Uri BaseUrl { get; }

    private async Task ServeAsync(string version)
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => Answer(context, version));
        }
    }

    private static void Answer(HttpListenerContext context, string version)
    {
        var (status, type, body) = context.Request.Url!.AbsolutePath switch
        {
            "/health" => (200, "text/html; charset=utf-8", "OK"),
            "/version" => (200, "text/html; charset=utf-8", version),
            "/api/2.0/mlflow/experiments/search" => (200, "application/json", SearchAnswer),
            _ => (404, "text/html; charset=utf-8", "<h1>Not Found</h1>"),
        };
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = type;
        context.Response.ContentLength64 = bytes.Length;
        context.Response.OutputStream.Write(bytes);
        context.Response.Close();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
