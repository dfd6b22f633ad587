using System.Xml.Linq;

namespace MlflowDeploy.Aws;

/// <summary>
/// The AWS Query protocol (ELBv2, RDS, EC2): a form-encoded POST with <c>Action</c> and <c>Version</c>, answered in
/// XML. <see cref="FormUrlEncodedContent"/> sends no charset, which these services expect. EC2's dialect answers
/// with the fields directly under <c>&lt;ActionResponse&gt;</c>, without the <c>&lt;ActionResult&gt;</c> the others wrap them in.
/// </summary>
internal sealed class AwsQueryClient(AwsTransport transport, AwsService service, Uri endpoint, string version, XNamespace ns, bool resultWrapped = true)
{
    public XNamespace Namespace => ns;

    /// <summary>Returns the <c>&lt;ActionResult&gt;</c> element of the answer (EC2: the <c>&lt;ActionResponse&gt;</c> root).</summary>
    public async Task<XElement> CallAsync(string action, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", version) };
        form.AddRange(parameters);
        var text = await transport.SendAsync(service, action,
            () => new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(form) },
            cancellationToken).ConfigureAwait(false);
        var root = XDocument.Parse(text).Root;
        if (!resultWrapped)
        {
            // By local name: AWS's namespace ends in a slash, moto's does not, and no SDK reads it.
            return root is not null && root.Name.LocalName == action + "Response"
                ? root
                : throw new InvalidDataException($"{service.SigningName} {action}: the answer is not an {action}Response");
        }

        return root?.Element(ns + (action + "Result"))
            ?? throw new InvalidDataException($"{service.SigningName} {action}: the answer has no {action}Result element in {ns}");
    }
}
