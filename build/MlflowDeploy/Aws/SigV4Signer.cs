using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace MlflowDeploy.Aws;

/// <summary>
/// AWS Signature Version 4 over a plain <see cref="HttpRequestMessage"/>. The SDK's own signer wants the SDK's
/// request pipeline, which the hand-written JSON and Query clients don't use.
/// </summary>
public sealed class SigV4Signer
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    // Headers a proxy or the HTTP stack may add, drop or rewrite after signing; signing them breaks requests.
    private static readonly HashSet<string> UnsignedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "content-length", "user-agent", "expect", "x-amzn-trace-id", "connection", "transfer-encoding",
    };

    private readonly ConcurrentDictionary<(string Secret, string Date, string Region, string Service), byte[]> _signingKeys = new();

    /// <summary>
    /// Adds <c>x-amz-date</c>, <c>x-amz-security-token</c> (when the credentials carry one), optionally
    /// <c>x-amz-content-sha256</c>, and <c>Authorization</c>.
    /// </summary>
    public async Task SignAsync(
        HttpRequestMessage request,
        AwsCredentials credentials,
        string region,
        string signingName,
        DateTimeOffset signingTime,
        bool escapePathTwice = true,
        bool addContentSha256Header = false,
        CancellationToken cancellationToken = default)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        var amzDate = signingTime.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];

        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var payloadHash = Hex(SHA256.HashData(body));

        request.Headers.Remove("x-amz-date");
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        if (credentials.SessionToken is { Length: > 0 } token)
        {
            request.Headers.Remove("x-amz-security-token");
            request.Headers.TryAddWithoutValidation("x-amz-security-token", token);
        }
        if (addContentSha256Header)
        {
            request.Headers.Remove("x-amz-content-sha256");
            request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);
        }

        var headers = CanonicalHeaders(request);
        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalRequest = string.Join('\n',
            request.Method.Method.ToUpperInvariant(),
            CanonicalPath(uri, escapePathTwice),
            CanonicalQuery(uri),
            string.Concat(headers.Select(h => $"{h.Key}:{h.Value}\n")),
            signedHeaders,
            payloadHash);

        var scope = $"{date}/{region}/{signingName}/aws4_request";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = _signingKeys.GetOrAdd((credentials.SecretAccessKey, date, region, signingName), DeriveSigningKey);
        var signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));

        request.Headers.Authorization = new AuthenticationHeaderValue(
            Algorithm, $"Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    internal static string CanonicalPath(Uri uri, bool escapePathTwice)
    {
        // AbsolutePath is already escaped once, which is exactly what S3 signs; other services escape each segment again.
        var path = uri.AbsolutePath.Length == 0 ? "/" : uri.AbsolutePath;
        return escapePathTwice ? string.Join('/', path.Split('/').Select(UriEncode)) : path;
    }

    internal static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
            return "";
        var pairs = query
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var eq = pair.IndexOf('=');
                var name = eq < 0 ? pair : pair[..eq];
                var value = eq < 0 ? "" : pair[(eq + 1)..];
                return (Name: UriEncode(Uri.UnescapeDataString(name)), Value: UriEncode(Uri.UnescapeDataString(value)));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => $"{p.Name}={p.Value}"));
    }

    private static SortedDictionary<string, string> CanonicalHeaders(HttpRequestMessage request)
    {
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Add(string name, IEnumerable<string> values)
        {
            var lower = name.ToLowerInvariant();
            if (UnsignedHeaders.Contains(lower))
                return;
            var value = string.Join(',', values.Select(CollapseWhitespace));
            headers[lower] = headers.TryGetValue(lower, out var existing) ? existing + "," + value : value;
        }

        foreach (var header in request.Headers.NonValidated)
            Add(header.Key, header.Value);
        if (request.Content is not null)
            foreach (var header in request.Content.Headers.NonValidated)
                Add(header.Key, header.Value);
        if (!headers.ContainsKey("host"))
            headers["host"] = request.RequestUri!.IsDefaultPort ? request.RequestUri.Host : request.RequestUri.Authority;
        return headers;
    }

    private static string CollapseWhitespace(string value)
    {
        var builder = new StringBuilder(value.Length);
        var previousWasSpace = false;
        foreach (var c in value.Trim())
        {
            var isSpace = c is ' ' or '\t' or '\r' or '\n';
            if (!isSpace || !previousWasSpace)
                builder.Append(isSpace ? ' ' : c);
            previousWasSpace = isSpace;
        }
        return builder.ToString();
    }

    /// <summary>RFC 3986 escaping as AWS wants it: everything but A–Z a–z 0–9 - _ . ~ as upper-case %XX of UTF-8.</summary>
    internal static string UriEncode(string value)
    {
        var builder = new StringBuilder(value.Length * 2);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
                builder.Append((char)b);
            else
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    private static byte[] DeriveSigningKey((string Secret, string Date, string Region, string Service) scope)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + scope.Secret), Encoding.UTF8.GetBytes(scope.Date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(scope.Region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(scope.Service));
        return HMACSHA256.HashData(key, "aws4_request"u8.ToArray());
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
