using MlflowDeploy.Mlflow;
using MlflowDeploy.Verification;

namespace MlflowDeploy.Tests.Verification;

public sealed class SecretRedactorTests
{
    [Fact]
    public void Masks_every_occurrence_and_a_longer_secret_whole()
    {
        var redactor = new SecretRedactor(["abc", "abcdef", "", "  "]);

        Assert.Equal("x *** y *** z ***", redactor.Redact("x abcdef y abc z abcdef"));
        Assert.Equal("nothing here", redactor.Redact("nothing here"));
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
