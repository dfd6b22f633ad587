using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using MlflowDeploy.Environments;
using MlflowDeploy.Verification;
using Spectre.Console;

namespace MlflowDeploy.Tests.Verification;

public sealed class VerificationReportTests : IDisposable
{
    private const string Sentinel = "S3ntinel-pa55word-7f3a";

    private static readonly DateTimeOffset Started = new(2026, 11, 27, 15, 4, 5, 678, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "verify-report-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static VerificationReport Report(bool couldNotRun = false, params CheckResult[] checks) =>
        new("prod", Started, TimeSpan.FromMilliseconds(12_345), checks, couldNotRun, new SecretRedactor([Sentinel]));

    private static CheckResult Result(string name, CheckStatus status, string detail, params string[] diagnosis) =>
        new(name, status, detail, TimeSpan.FromMilliseconds(1_500), diagnosis);

    private static VerificationReport Unhealthy() => Report(
        false,
        Result("mlflow.health", CheckStatus.Pass, "/health OK, MLflow 2.17.2 as deployed"),
        Result("ecs.tasks", CheckStatus.Fail, "2 tasks stopped | exit 1",
            "task 1a2b stopped: Essential container in task exited",
            "log: sqlalchemy.exc.OperationalError: password authentication failed for user \"mlflow\"",
            "log: a line with ``` backticks ``` in it"),
        Result("mlflow.write", CheckStatus.Skip, "--smoke-write not given"));

    [Fact]
    public void Json_parses_back_with_schema_version_outcome_exit_code_and_every_check()
    {
        var json = JsonDocument.Parse(Unhealthy().ToJson()).RootElement;

        Assert.Equal(1, json.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("prod", json.GetProperty("environment").GetString());
        Assert.Equal("2026-11-27T15:04:05.678Z", json.GetProperty("startedAt").GetString());
        Assert.Equal(12_345, json.GetProperty("durationMs").GetInt64());
        Assert.Equal("unhealthy", json.GetProperty("outcome").GetString());
        Assert.Equal(1, json.GetProperty("exitCode").GetInt32());
        var checks = json.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(["mlflow.health", "ecs.tasks", "mlflow.write"], checks.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(["pass", "fail", "skip"], checks.Select(c => c.GetProperty("status").GetString()));
        Assert.Equal(1_500, checks[1].GetProperty("durationMs").GetInt64());
        Assert.Equal(3, checks[1].GetProperty("diagnosis").GetArrayLength());
        Assert.Equal("2 tasks stopped | exit 1", checks[1].GetProperty("detail").GetString());
    }

    [Fact]
    public void Json_has_exactly_the_properties_the_schema_declares()
    {
        var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath())).RootElement;
        var json = JsonDocument.Parse(Unhealthy().ToJson()).RootElement;

        AssertMatches(schema, json);
        var itemSchema = schema.GetProperty("properties").GetProperty("checks").GetProperty("items");
        foreach (var check in json.GetProperty("checks").EnumerateArray())
        {
            AssertMatches(itemSchema, check);
            var statuses = itemSchema.GetProperty("properties").GetProperty("status").GetProperty("enum").EnumerateArray().Select(e => e.GetString());
            Assert.Contains(check.GetProperty("status").GetString(), statuses);
        }

        var outcomes = schema.GetProperty("properties").GetProperty("outcome").GetProperty("enum").EnumerateArray().Select(e => e.GetString());
        Assert.Contains(json.GetProperty("outcome").GetString(), outcomes);
        Assert.Equal(schema.GetProperty("properties").GetProperty("schemaVersion").GetProperty("const").GetInt32(), json.GetProperty("schemaVersion").GetInt32());

        static void AssertMatches(JsonElement schema, JsonElement value)
        {
            var declared = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order().ToList();
            var required = schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).Order().ToList();
            var present = value.EnumerateObject().Select(p => p.Name).Order().ToList();
            Assert.Equal(declared, present);
            Assert.Equal(required, present);
        }
    }

    [Fact]
    public void Json_validates_against_verify_schema_json_and_a_tampered_copy_does_not()
    {
        var schema = JsonSchema.FromText(File.ReadAllText(SchemaPath()));
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        string[] reports =
        [
            Unhealthy().ToJson(),
            Report(true, Result("ecs.service", CheckStatus.Fail, "no AWS access")).ToJson(),
            Report(false, Result("mlflow.health", CheckStatus.Pass, "ok")).ToJson(),
        ];

        foreach (var json in reports)
        {
            var result = schema.Evaluate(JsonNode.Parse(json), options);
            Assert.True(result.IsValid, string.Join("; ", result.Details.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Values)));
        }

        var tampered = JsonNode.Parse(reports[0])!;
        tampered["outcome"] = "fine";
        tampered["checks"]![0]!["status"] = "ok";
        Assert.False(schema.Evaluate(tampered, options).IsValid);
    }

    [Theory]
    [InlineData(false, CheckStatus.Pass, "healthy", 0)]
    [InlineData(false, CheckStatus.Warn, "healthy", 0)]
    [InlineData(false, CheckStatus.Fail, "unhealthy", 1)]
    [InlineData(true, CheckStatus.Fail, "could-not-run", 2)]
    public void Outcome_and_exit_code_follow_the_checks(bool couldNotRun, CheckStatus status, string outcome, int exitCode)
    {
        var report = Report(couldNotRun, Result("a", CheckStatus.Pass, "ok"), Result("b", status, "x"));

        Assert.Equal(exitCode, report.ExitCode);
        Assert.Equal(outcome, JsonDocument.Parse(report.ToJson()).RootElement.GetProperty("outcome").GetString());
    }

    [Fact]
    public void Markdown_has_a_row_per_check_and_a_diagnosis_section_for_the_failing_one()
    {
        var md = Unhealthy().ToMarkdown();
        var lines = md.Split('\n');

        Assert.Contains("| Check | Status | Detail | Duration |", lines);
        Assert.Contains("| `mlflow.health` | ✅ pass | /health OK, MLflow 2.17.2 as deployed | 1.5 s |", lines);

        // A pipe in a detail must not split the table's cells.
        Assert.Contains("| `ecs.tasks` | ❌ fail | 2 tasks stopped \\| exit 1 | 1.5 s |", lines);
        Assert.Contains("❌ unhealthy", lines[0]);

        var diagnosis = md[md.IndexOf("### Diagnosis", StringComparison.Ordinal)..];
        Assert.Contains("#### `ecs.tasks`", diagnosis);
        Assert.Contains("task 1a2b stopped: Essential container in task exited", diagnosis);
        Assert.Contains("password authentication failed", diagnosis);
        Assert.DoesNotContain("mlflow.health", diagnosis);

        // The fence is longer than the backtick run inside the log line, so the block stays closed.
        Assert.Contains("````text\n", diagnosis);
        Assert.EndsWith("````\n", diagnosis);
    }

    [Fact]
    public void A_healthy_report_has_no_diagnosis_section()
    {
        var md = Report(false, Result("mlflow.health", CheckStatus.Pass, "ok")).ToMarkdown();

        Assert.DoesNotContain("Diagnosis", md);
        Assert.Contains("✅ healthy", md);
    }

    [Fact]
    public async Task A_planted_secret_appears_in_no_rendering()
    {
        var report = new VerificationReport(
            $"prod-{Sentinel}",
            Started,
            TimeSpan.FromSeconds(3),
            [
                Result("mlflow.api", CheckStatus.Fail, $"GET /api answered 401 for user mlflow:{Sentinel}", $"Authorization: Basic {Sentinel}"),
                Result("mlflow.health", CheckStatus.Pass, $"ok {Sentinel}{Sentinel}"),
            ],
            couldNotRun: false,
            new SecretRedactor([Sentinel, "unused-other-secret"]));

        var files = await report.WriteAsync(new ArtifactLayout(_directory));
        var console = new StringWriter();
        report.Render(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console), Ansi = AnsiSupport.No }));

        string[] renderings = [report.ToJson(), report.ToMarkdown(), File.ReadAllText(files.JsonPath), File.ReadAllText(files.MarkdownPath), console.ToString()];
        Assert.All(renderings, r =>
        {
            Assert.DoesNotContain(Sentinel, r);
            Assert.DoesNotContain("7f3a", r);
            Assert.Contains(SecretRedactor.Mask, r);
        });
    }

    [Fact]
    public async Task WriteAsync_writes_verify_json_and_verify_md_into_the_directory()
    {
        var files = await Unhealthy().WriteAsync(new ArtifactLayout(_directory));

        Assert.Equal(Path.Combine(_directory, "verify.json"), files.JsonPath);
        Assert.Equal(Path.Combine(_directory, "verify.md"), files.MarkdownPath);
        Assert.Equal("unhealthy", JsonDocument.Parse(File.ReadAllText(files.JsonPath)).RootElement.GetProperty("outcome").GetString());
        Assert.StartsWith("## MLflow verification", File.ReadAllText(files.MarkdownPath));
    }

    [Fact]
    public void The_console_table_shows_each_check_with_its_status_and_the_verdict()
    {
        var console = new StringWriter();
        Unhealthy().Render(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console), Ansi = AnsiSupport.No }));
        var text = console.ToString();

        Assert.Contains("mlflow.health", text);
        Assert.Contains("ecs.tasks", text);
        Assert.Contains("fail", text);
        Assert.Contains("password authentication failed", text);
        Assert.Contains("Verify: unhealthy", text);
        Assert.Contains("exit code 1", text);
    }

    private static string SchemaPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "build", "MlflowDeploy", "Verification", "verify.schema.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("verify.schema.json not found above " + AppContext.BaseDirectory);
    }
}
