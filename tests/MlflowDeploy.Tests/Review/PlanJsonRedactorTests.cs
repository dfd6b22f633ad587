using MlflowDeploy.Tests.Support;
using System.Text.Json.Nodes;
using MlflowDeploy.Review;

namespace MlflowDeploy.Tests.Review;

public sealed class PlanJsonRedactorTests
{
    [Theory]
    [InlineData("create")]
    [InlineData("change")]
    [InlineData("replace")]
    [InlineData("destroy")]
    [InlineData("noop")]
    public async Task The_sentinel_secret_is_in_the_raw_plan_and_nowhere_in_the_redacted_copy(string fixture)
    {
        using var scratch = new TempDirectory();
        var raw = await File.ReadAllTextAsync(PlanFixtures.Json(fixture));
        Assert.Contains(PlanFixtures.Sentinel, raw); // else this test could not fail

        var redacted = scratch.File("plan.redacted.json");
        await PlanJsonRedactor.RedactAsync(PlanFixtures.Json(fixture), redacted, CancellationToken.None);

        var text = await File.ReadAllTextAsync(redacted);
        Assert.DoesNotContain(PlanFixtures.Sentinel, text);
        Assert.Contains(SecretRedactor.Mask, text);

        // Everything else survives: same shape, same non-sensitive values, and the summary is unchanged.
        var before = JsonNode.Parse(raw)!;
        var after = JsonNode.Parse(text)!;
        Assert.Equal(before["resource_changes"]?.AsArray().Count, after["resource_changes"]?.AsArray().Count);
        Assert.Equal(before["terraform_version"]!.GetValue<string>(), after["terraform_version"]!.GetValue<string>());
        Assert.Equal(
            await PlanSummaryReader.ReadAsync(PlanFixtures.Json(fixture), CancellationToken.None) is var a ? a.CountsLine() : null,
            (await PlanSummaryReader.ReadAsync(redacted, CancellationToken.None)).CountsLine());
        Assert.Equal(SecretRedactor.Mask, after["variables"]!["db_password"]!["value"]!.GetValue<string>());
        Assert.Equal("mlflow-fixture", after["variables"]!["name"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Values_are_masked_exactly_where_the_sensitive_siblings_say()
    {
        using var scratch = new TempDirectory();
        var raw = scratch.File("plan.json");
        await File.WriteAllTextAsync(raw, """
            {"format_version":"1.2",
             "variables":{"token":{"value":"SECRET-A"},"region":{"value":"eu-west-2"}},
             "planned_values":{"outputs":{"uri":{"sensitive":true,"value":"SECRET-B"},"url":{"sensitive":false,"value":"http://x"}},
               "root_module":{"resources":[{"address":"a.b","values":{"name":"plain","password":"SECRET-C","nested":[{"k":"SECRET-D","n":1}]},
                 "sensitive_values":{"password":true,"nested":[{"k":true}]}}],
                 "child_modules":[{"address":"module.m","resources":[{"address":"module.m.a.c","values":{"pw":"SECRET-E","copy":"unmarked SECRET-M copy"},"sensitive_values":{"pw":true}}]}]}},
             "resource_changes":[{"address":"a.b","change":{"actions":["update"],"before":{"password":"SECRET-F","name":"old"},"after":{"password":"SECRET-G","name":"new","tags":{"t":"SECRET-H"}},
               "after_unknown":{},"before_sensitive":{"password":true},"after_sensitive":{"password":true,"tags":{"t":true}}}}],
             "output_changes":{"uri":{"actions":["create"],"before":null,"after":"SECRET-I","after_unknown":false,"before_sensitive":false,"after_sensitive":true}},
             "prior_state":{"format_version":"1.0","values":{"outputs":{"uri":{"sensitive":true,"value":"SECRET-J"}},
               "root_module":{"resources":[{"address":"module.m.a.c","values":{"pw":"SECRET-M"},"sensitive_values":{"pw":true}}]}}},
             "configuration":{"root_module":{"variables":{"token":{"sensitive":true,"default":"SECRET-K"},"region":{"default":"eu-west-2"}},
               "module_calls":{"m":{"module":{"variables":{"inner":{"sensitive":true,"default":"SECRET-L"}}}}}}},
             "timestamp":"2026-11-27T00:00:00Z","applyable":true,"complete":true,"errored":false}
            """);

        var redacted = scratch.File("out.json");
        await PlanJsonRedactor.RedactAsync(raw, redacted, CancellationToken.None);
        var text = await File.ReadAllTextAsync(redacted);

        Assert.DoesNotContain("SECRET-", text);
        var json = JsonNode.Parse(text)!;
        Assert.Equal("eu-west-2", (string?)json["variables"]!["region"]!["value"]);
        Assert.Equal("http://x", (string?)json["planned_values"]!["outputs"]!["url"]!["value"]);
        Assert.Equal("plain", (string?)json["planned_values"]!["root_module"]!["resources"]![0]!["values"]!["name"]);
        Assert.Equal(1, (int?)json["planned_values"]!["root_module"]!["resources"]![0]!["values"]!["nested"]![0]!["n"]);
        Assert.Equal("new", (string?)json["resource_changes"]![0]!["change"]!["after"]!["name"]);
        Assert.Equal("old", (string?)json["resource_changes"]![0]!["change"]!["before"]!["name"]);
        Assert.Equal("eu-west-2", (string?)json["configuration"]!["root_module"]!["variables"]!["region"]!["default"]);
        Assert.True((bool?)json["complete"]);
        // An unmarked copy of a secret that is only marked later in the file (here: in prior_state) is scrubbed too.
        Assert.Equal("unmarked (sensitive) copy", (string?)json["planned_values"]!["root_module"]!["child_modules"]![0]!["resources"]![0]!["values"]!["copy"]);
    }
}
