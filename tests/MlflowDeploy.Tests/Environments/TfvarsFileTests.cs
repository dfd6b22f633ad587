using MlflowDeploy.Environments;

namespace MlflowDeploy.Tests.Environments;

public sealed class TfvarsFileTests
{
    [Fact]
    public void Reads_top_level_strings_and_numbers_and_skips_nested_blocks_and_comments()
    {
        var tfvars = TfvarsFile.Parse("""
            # a comment
            region        = "eu-west-2" # trailing comment
            desired_count = 3
            tags = {
              region = "not-this-one"
            }
            url = "http://example.com/#not-a-comment" // comment
            """);

        Assert.Equal("eu-west-2", tfvars.GetString("region"));
        Assert.Equal(3, tfvars.GetInt("desired_count"));
        Assert.Equal("http://example.com/#not-a-comment", tfvars.GetString("url"));
        Assert.Null(tfvars.GetInt("region"));
        Assert.Null(tfvars.GetString("missing"));
    }
}
