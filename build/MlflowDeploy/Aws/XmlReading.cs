using System.Globalization;
using System.Xml.Linq;

namespace MlflowDeploy.Aws;

/// <summary>Reads of optional fields in AWS Query (XML) answers, where lists are <c>&lt;member&gt;</c> elements.</summary>
internal static class XmlReading
{
    public static string? Str(this XElement e, XNamespace ns, string name) => e.Element(ns + name)?.Value;

    public static int? Int(this XElement e, XNamespace ns, string name) =>
        int.TryParse(e.Element(ns + name)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;

    public static bool Bool(this XElement e, XNamespace ns, string name) =>
        string.Equals(e.Element(ns + name)?.Value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The children of a list element; the Query protocol names them <c>member</c> or after the item type.</summary>
    public static IEnumerable<XElement> Members(this XElement e, XNamespace ns, string listName) =>
        e.Element(ns + listName)?.Elements() ?? [];
}
