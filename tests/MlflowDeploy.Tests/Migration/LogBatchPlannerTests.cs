using MlflowDeploy.Migration;
using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Tests.Migration;

public sealed class LogBatchPlannerTests
{
    private static MlflowMetric Point(int step, string key = "loss") => new() { Key = key, Value = step, Timestamp = step, Step = step };

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(1000, 1)]
    [InlineData(1001, 2)]
    [InlineData(5000, 5)]
    public void Metric_points_go_1000_to_a_request_in_their_order(int points, int requests)
    {
        var input = Enumerable.Range(0, points).Select(i => Point(i)).ToList();

        var batches = LogBatchPlanner.Metrics(input).ToList();

        Assert.Equal(requests, batches.Count);
        Assert.All(batches, b => Assert.InRange(b.Metrics.Count, 1, MlflowLogBatch.MaxMetrics));
        Assert.Equal(input, batches.SelectMany(b => b.Metrics));
    }

    [Fact]
    public void Params_and_tags_stay_within_100_each_and_1000_in_all()
    {
        var parameters = Enumerable.Range(0, 250).Select(i => new MlflowParam($"p{i}", "v")).ToList();
        var tags = Enumerable.Range(0, 130).Select(i => new MlflowTag($"t{i}", "v")).ToList();

        var batches = LogBatchPlanner.Params(parameters, tags).ToList();

        Assert.All(batches, b =>
        {
            Assert.InRange(b.Params.Count, 0, MlflowLogBatch.MaxParams);
            Assert.InRange(b.Tags.Count, 0, MlflowLogBatch.MaxTags);
            Assert.InRange(b.Count, 1, MlflowLogBatch.MaxEntities);
        });
        Assert.Equal(parameters, batches.SelectMany(b => b.Params));
        Assert.Equal(tags, batches.SelectMany(b => b.Tags));
        Assert.Equal(4, batches.Count);
    }

    [Fact]
    public void Long_values_split_a_batch_before_its_body_nears_the_servers_1_MB()
    {
        // 100 params of 6,000 characters each (the 2.x maximum) would be 1.2 MB if every character were escaped.
        var parameters = Enumerable.Range(0, 100).Select(i => new MlflowParam($"p{i}", new string('"', 6000))).ToList();

        var batches = LogBatchPlanner.Params(parameters, []).ToList();

        Assert.True(batches.Count > 1);
        Assert.All(batches, b => Assert.True(b.Params.Sum(p => (p.Value.Length * 2) + p.Key.Length) < LogBatchPlanner.MaxBodyBytes));
        Assert.Equal(parameters, batches.SelectMany(b => b.Params));
    }

    [Fact]
    public void A_single_value_larger_than_the_budget_still_goes_alone()
    {
        var huge = new MlflowTag("huge", new string('x', 600_000));

        var batch = Assert.Single(LogBatchPlanner.Params([], [huge]));

        Assert.Equal(huge, Assert.Single(batch.Tags));
    }
}
