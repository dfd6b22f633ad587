using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MlflowDeploy.Tests.MlflowDouble;

/// <summary>
/// A real HTTP server on 127.0.0.1 that answers like an MLflow 2.17.2 tracking server with
/// <c>--serve-artifacts</c> behind an ALB, per <c>shared/notes/mlflow-rest-contract.md</c>: text/html for
/// /health and /version, JSON errors with <c>error_code</c> on the API, Flask's HTML 404/405 elsewhere.
/// Faults are switched on through <see cref="Faults"/>.
/// </summary>
public sealed partial class MlflowDoubleServer : IAsyncDisposable
{
    private const string TrackingApi = "/api/2.0/mlflow/";
    private const string ArtifactsApi = "/api/2.0/mlflow-artifacts/artifacts";
    private const string GetArtifactPath = "/get-artifact";
    private const string Html = "text/html; charset=utf-8";

    private readonly WebApplication _app;
    private readonly string _prefix;
    private readonly string _version;
    private readonly ConcurrentQueue<string> _requests = new();
    private int _inFlight;

    private MlflowDoubleServer(WebApplication app, string prefix, string version, bool serveArtifacts)
    {
        _app = app;
        _prefix = prefix;
        _version = version;
        Store = new MlflowDoubleStore(serveArtifacts);
    }

    public MlflowDoubleStore Store { get; }

    public MlflowDoubleFaults Faults { get; } = new();

    /// <summary>The root to give a client, including the path prefix when there is one.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every request seen, as "METHOD /path", in order of arrival.</summary>
    public IReadOnlyList<string> Requests => _requests.ToArray();

    /// <summary>The Authorization headers seen (to prove which credentials a client sent).</summary>
    public ConcurrentQueue<string> AuthorizationHeaders { get; } = new();

    public static async Task<MlflowDoubleServer> StartAsync(string pathPrefix = "", string version = "2.17.2", bool serveArtifacts = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var prefix = "/" + pathPrefix.Trim('/');
        var server = new MlflowDoubleServer(app, prefix == "/" ? string.Empty : prefix, version, serveArtifacts);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUrl = new Uri(address.TrimEnd('/') + server._prefix + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Waits until no request is being answered, e.g. after a client gave up in the middle of one.</summary>
    public async Task WaitIdleAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        while (Volatile.Read(ref _inFlight) > 0)
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            await AnswerAsync(context);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var request = context.Request;
        var fullPath = request.Path.Value ?? "/";
        _requests.Enqueue($"{request.Method} {fullPath}");
        if (request.Headers.Authorization.Count > 0)
        {
            AuthorizationHeaders.Enqueue(request.Headers.Authorization.ToString());
        }

        if (Faults.ResponseDelay > TimeSpan.Zero && (Faults.DelayPathContains is null || fullPath.Contains(Faults.DelayPathContains, StringComparison.Ordinal)))
        {
            try
            {
                await Task.Delay(Faults.ResponseDelay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (Faults.RedirectTo is { } target)
        {
            context.Response.StatusCode = 301;
            context.Response.Headers.Location = new Uri(target, fullPath.TrimStart('/')).ToString();
            return;
        }

        if (Faults.TakeUnavailable())
        {
            await LoadBalancerUnavailableAsync(context);
            return;
        }

        if (!fullPath.StartsWith(_prefix + "/", StringComparison.Ordinal))
        {
            await FlaskErrorAsync(context, 404);
            return;
        }

        var path = fullPath[_prefix.Length..];
        Faults.BeforeRequest?.Invoke(path);
        if (Faults.RequiredBasicAuth is { } auth && path != "/health" && !IsAuthorized(request, auth))
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"mlflow\"";
            context.Response.ContentType = Html;
            await context.Response.WriteAsync("You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.");
            return;
        }

        try
        {
            if (Faults.FailureFor(path) is { } injected)
            {
                throw new MlflowDoubleError(injected, "INTERNAL_ERROR", $"injected failure of {path}");
            }

            if (Faults.TakeLostAnswer(path))
            {
                var answer = context.Response.Body;
                context.Response.Body = Stream.Null;
                await RouteAsync(context, path);
                context.Response.Body = answer;
                context.Response.Headers.Clear();
                throw new MlflowDoubleError(500, "INTERNAL_ERROR", $"injected: {path} was applied but its answer was lost");
            }

            await RouteAsync(context, path);
        }
        catch (MlflowDoubleError e)
        {
            await JsonAsync(context, e.Status, new JsonObject { ["error_code"] = e.ErrorCode, ["message"] = e.Message });
        }
    }

    private static Task PostAsync(HttpContext context, Func<JsonObject, JsonObject> operation) =>
        AllowAsync(context, ["POST"], async () => await JsonAsync(context, 200, operation(await ReadJsonBodyAsync(context))));

    private static async Task<JsonObject> ReadJsonBodyAsync(HttpContext context)
    {
        // MLflow checks the media type before it reads the body; a charset parameter is allowed.
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim();
        if (mediaType is null)
        {
            throw MlflowDoubleError.InvalidParameter("Bad Request. Content-Type header is missing.");
        }

        if (!string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw MlflowDoubleError.InvalidParameter("Bad Request. Content-Type must be one of ['application/json'].");
        }

        try
        {
            return await JsonNode.ParseAsync(context.Request.Body) as JsonObject
                ?? throw MlflowDoubleError.InvalidParameter("The request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw MlflowDoubleError.InvalidParameter($"Malformed JSON: {e.Message}");
        }
    }

    private static async Task AllowAsync(HttpContext context, string[] methods, Func<Task> handle)
    {
        if (!methods.Contains(context.Request.Method))
        {
            context.Response.Headers.Allow = string.Join(", ", methods.Append("OPTIONS").Append(methods.Contains("GET") ? "HEAD" : null).OfType<string>());
            await FlaskErrorAsync(context, 405);
            return;
        }

        await handle();
    }

    private static bool IsAuthorized(HttpRequest request, (string User, string Password) auth)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])) == $"{auth.User}:{auth.Password}";
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static async Task TextAsync(HttpContext context, string text)
    {
        context.Response.ContentType = Html;
        await context.Response.WriteAsync(text);
    }

    private static async Task JsonAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private static async Task FlaskErrorAsync(HttpContext context, int status)
    {
        var (title, text) = status == 405
            ? ("Method Not Allowed", "The method is not allowed for the requested URL.")
            : ("Not Found", "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.");
        context.Response.StatusCode = status;
        context.Response.ContentType = Html;
        await context.Response.WriteAsync($"<!doctype html>\n<html lang=en>\n<title>{status} {title}</title>\n<h1>{title}</h1>\n<p>{text}</p>\n");
    }

    private static async Task LoadBalancerUnavailableAsync(HttpContext context)
    {
        context.Response.StatusCode = 503;
        context.Response.ContentType = "text/html";
        await context.Response.WriteAsync("<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n");
    }
}
