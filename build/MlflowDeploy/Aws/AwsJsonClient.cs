using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlflowDeploy.Aws;

/// <summary>The AWS JSON 1.1 protocol (ECS, CloudWatch Logs): POST / with <c>X-Amz-Target: &lt;prefix&gt;.&lt;Operation&gt;</c>.</summary>
internal sealed class AwsJsonClient(AwsTransport transport, AwsService service, Uri endpoint, string targetPrefix)
{
    private static readonly MediaTypeHeaderValue ContentType = new("application/x-amz-json-1.1");

    public AwsService Service => service;

    public async Task<JsonElement> CallAsync(string operation, JsonObject payload, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
        var text = await transport.SendAsync(service, operation, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = ContentType;
            request.Headers.TryAddWithoutValidation("X-Amz-Target", $"{targetPrefix}.{operation}");
            return request;
        }, cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
        return document.RootElement.Clone();
    }
}
