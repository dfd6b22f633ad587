namespace MlflowDeploy.Preflight;

/// <summary>One <c>variable</c> block of infra/: where it is and the arguments the pipeline acts on.</summary>
/// <param name="Type">The <c>type</c> argument as written (<c>number</c>, <c>list(string)</c>), or null when none is given.</param>
/// <param name="StringDefault">The <c>default</c> when it is a quoted string literal, else null.</param>
public sealed record DeclaredVariable(string Name, string Location, string? Type, bool Sensitive, bool Ephemeral, string? StringDefault = null)
{
    /// <summary>
    /// Whether terraform reads a <c>-var</c> value of this variable as a literal string (then converts it): true
    /// without a type or with a primitive one; complex types (lists, maps, objects, <c>any</c>) are parsed as HCL.
    /// </summary>
    public bool TakesLiteralValue => Type is null or "string" or "number" or "bool";
}
