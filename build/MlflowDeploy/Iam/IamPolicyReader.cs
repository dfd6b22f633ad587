using System.Xml.Linq;
using MlflowDeploy.Aws;

namespace MlflowDeploy.Iam;

/// <summary>
/// Reads a role's policies as IAM holds them, through the IAM API (GetRole for the boundary, the inline policies,
/// and the default version of each attached policy): the documents the evaluator checks recorded calls against are
/// the ones in the account, not a copy of the Terraform that wrote them. Needs iam:Get*/iam:List* on the role.
/// </summary>
public sealed class IamPolicyReader
{
    public static readonly AwsService Iam = new("iam", "iam", "IAM");
    private static readonly XNamespace Ns = "https://iam.amazonaws.com/doc/2010-05-08/";

    private readonly AwsQueryClient _client;

    /// <param name="endpoint">The IAM endpoint: https://iam.amazonaws.com/, or the emulator.</param>
    public IamPolicyReader(Uri endpoint, AwsCredentials credentials, HttpClient http)
    {
        // IAM is global and signs for us-east-1.
        var transport = new AwsTransport(http, credentials, "us-east-1", AwsRetryPolicy.Default);
        _client = new AwsQueryClient(transport, Iam, endpoint, "2010-05-08", Ns);
    }

    public async Task<RolePolicies> ReadRoleAsync(string roleArn, CancellationToken cancellationToken)
    {
        var roleName = roleArn[(roleArn.LastIndexOf('/') + 1)..];
        var role = (await CallAsync("GetRole", cancellationToken, ("RoleName", roleName)).ConfigureAwait(false)).Element(Ns + "Role");
        var boundaryArn = role?.Element(Ns + "PermissionsBoundary")?.Element(Ns + "PermissionsBoundaryArn")?.Value;

        var documents = new List<PolicyDocument>();
        foreach (var name in await ListAsync("ListRolePolicies", "PolicyNames", roleName, cancellationToken).ConfigureAwait(false))
        {
            var result = await CallAsync("GetRolePolicy", cancellationToken, ("RoleName", roleName), ("PolicyName", name)).ConfigureAwait(false);
            documents.Add(PolicyDocument.Parse($"inline policy {name}", Decode(result.Element(Ns + "PolicyDocument")?.Value)));
        }

        foreach (var arn in await ListAsync("ListAttachedRolePolicies", "AttachedPolicies", roleName, cancellationToken).ConfigureAwait(false))
        {
            documents.Add(await ReadManagedAsync(arn, cancellationToken).ConfigureAwait(false));
        }

        var boundary = boundaryArn is null ? null : await ReadManagedAsync(boundaryArn, cancellationToken).ConfigureAwait(false);
        return new RolePolicies(role?.Element(Ns + "Arn")?.Value ?? roleArn, documents, boundary);
    }

    private async Task<PolicyDocument> ReadManagedAsync(string policyArn, CancellationToken cancellationToken)
    {
        var policy = (await CallAsync("GetPolicy", cancellationToken, ("PolicyArn", policyArn)).ConfigureAwait(false)).Element(Ns + "Policy");
        var version = policy?.Element(Ns + "DefaultVersionId")?.Value ?? throw new InvalidDataException($"GetPolicy {policyArn}: no DefaultVersionId");
        var result = await CallAsync("GetPolicyVersion", cancellationToken, ("PolicyArn", policyArn), ("VersionId", version)).ConfigureAwait(false);
        return PolicyDocument.Parse($"managed policy {policyArn}", Decode(result.Element(Ns + "PolicyVersion")?.Element(Ns + "Document")?.Value));
    }

    /// <summary>Every name (inline) or ARN (attached) of a paginated list.</summary>
    private async Task<List<string>> ListAsync(string action, string listElement, string roleName, CancellationToken cancellationToken)
    {
        var values = new List<string>();
        string? marker = null;
        do
        {
            var parameters = new List<(string, string)> { ("RoleName", roleName) };
            if (marker is not null)
            {
                parameters.Add(("Marker", marker));
            }

            var result = await CallAsync(action, cancellationToken, [.. parameters]).ConfigureAwait(false);
            foreach (var member in result.Element(Ns + listElement)?.Elements(Ns + "member") ?? [])
            {
                values.Add(member.Element(Ns + "PolicyArn")?.Value ?? member.Value);
            }

            marker = result.Element(Ns + "IsTruncated")?.Value == "true" ? result.Element(Ns + "Marker")?.Value : null;
        }
        while (marker is not null);

        return values;
    }

    private Task<XElement> CallAsync(string action, CancellationToken cancellationToken, params (string Name, string Value)[] parameters) =>
        _client.CallAsync(action, parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)), cancellationToken);

    // IAM returns policy documents URL-encoded (RFC 3986).
    private static string Decode(string? document) =>
        document is null ? throw new InvalidDataException("IAM returned no policy document")
        : document.TrimStart().StartsWith('{') ? document : Uri.UnescapeDataString(document);
}
