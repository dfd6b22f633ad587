using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MlflowDeploy.Tests.MlflowDouble;

/// <summary>
/// A real HTTP proxy on 127.0.0.1 in front of the MLflow double, standing in for a load balancer with one broken
/// target: each request is either forwarded to the double or answered with the load balancer's own 5xx page, as
/// <see cref="Fault"/> decides from the request's number (1-based, in order of arrival).
/// </summary>
public sealed class FaultInjectingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Uri _target;
    private int _requests;

    private FaultInjectingProxy(WebApplication app, Uri target, Func<int, int?> fault)
    {
        _app = app;
        _target = target;
        Fault = fault;
    }

    /// <summary>Request number → the status the proxy answers itself (502, 503, 504), or null to forward it.</summary>
    public Func<int, int?> Fault { get; set; }

    public Uri BaseUrl { get; private set; } = null!;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Requests 2, 4, 6, … answer <paramref name="status"/>: one of two targets is broken.</summary>
    public static Func<int, int?> EveryOther(int status) => n => n % 2 == 0 ? status : null;

    /// <summary>The requests numbered in <paramref name="numbers"/> answer <paramref name="status"/>; all others are forwarded.</summary>
    public static Func<int, int?> Only(int status, params int[] numbers) => n => numbers.Contains(n) ? status : null;

    public static async Task<FaultInjectingProxy> StartAsync(Uri target, Func<int, int?> fault)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var proxy = new FaultInjectingProxy(app, target, fault);
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        proxy.BaseUrl = new Uri(address.TrimEnd('/') + target.AbsolutePath);
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        _upstream.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref _requests);
        if (Fault(number) is { } status)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/html";
            var title = $"{status} {(status == 502 ? "Bad Gateway" : status == 503 ? "Service Temporarily Unavailable" : "Gateway Time-out")}";
            await context.Response.WriteAsync($"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n</body>\r\n</html>\r\n");
            return;
        }

        var request = context.Request;
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(new Uri(_target.GetLeftPart(UriPartial.Authority)), request.Path.Value + request.QueryString));
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            forward.Content = new ByteArrayContent(body.ToArray());
            if (request.ContentType is { } contentType)
            {
                forward.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        if (request.Headers.Authorization.Count > 0)
        {
            forward.Headers.TryAddWithoutValidation("Authorization", request.Headers.Authorization.ToString());
        }

        using var answer = await _upstream.SendAsync(forward, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        if (answer.Content.Headers.ContentType is { } type)
        {
            context.Response.ContentType = type.ToString();
        }

        await answer.Content.CopyToAsync(context.Response.Body);
    }
}
