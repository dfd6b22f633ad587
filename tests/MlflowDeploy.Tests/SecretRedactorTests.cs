using System.Text.Json.Nodes;
using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Tests;

public sealed class SecretRedactorTests
{
    private const string M = SecretRedactor.Mask;

    [Fact]
    public void Masks_every_occurrence_and_a_longer_secret_whole()
    {
        var redactor = new SecretRedactor(["abcd", "abcdef", "", "  "]);

        Assert.Equal($"x {M} y {M} z {M}", redactor.Redact("x abcdef y abcd z abcdef"));
        Assert.Equal("nothing here", redactor.Redact("nothing here"));
        Assert.Equal(2, redactor.Count);
    }

    [Fact]
    public void A_short_secret_is_masked_where_it_stands_alone_never_inside_a_longer_word()
    {
        var redactor = new SecretRedactor(["pw", "db"]);

        Assert.Equal($"basic auth with {M}; password {M}", redactor.Redact("basic auth with pw; password pw"));
        Assert.Equal($"mlflow-{M}-subnets", redactor.Redact("mlflow-db-subnets"));
        Assert.Equal("mlflowdb2", redactor.Redact("mlflowdb2"));
        Assert.Equal(M, redactor.Redact("db"));
    }

    [Fact]
    public void Text_without_a_secret_comes_back_as_the_same_instance()
    {
        var text = "plain text";

        Assert.Same(text, new SecretRedactor(["s3cr3t-value", "pw"]).Redact(text));
        Assert.Same(text, new SecretRedactor(["ai"]).Redact(text));
    }

    [Fact]
    public void Every_string_inside_a_json_value_is_masked_and_other_values_are_left_alone()
    {
        var node = JsonNode.Parse("""{"a":"uri postgresql://u:s3cr3t-value@h/db","b":[1,"s3cr3t-value",true],"c":{"d":"clean"}}""");

        var masked = new SecretRedactor(["s3cr3t-value"]).Redact(node)!;

        var expected = """{"a":"uri postgresql://u:MASK@h/db","b":[1,"MASK",true],"c":{"d":"clean"}}""".Replace("MASK", M);
        Assert.Equal(expected, masked.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Fact]
    public void The_credentials_secret_values_cover_the_basic_header_and_the_escaped_password()
    {
        var credentials = MlflowCredentials.Basic("alice", "p@ss word/1");
        var redactor = new SecretRedactor(credentials.SecretValues);

        var header = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("alice:p@ss word/1"));
        var text = redactor.Redact($"raw p@ss word/1, escaped {Uri.EscapeDataString("p@ss word/1")}, header Basic {header}");

        Assert.DoesNotContain("p@ss", text);
        Assert.DoesNotContain(header, text);
        Assert.Contains("alice", credentials.Describe());
        Assert.DoesNotContain("p@ss", credentials.ToString());
    }
}
