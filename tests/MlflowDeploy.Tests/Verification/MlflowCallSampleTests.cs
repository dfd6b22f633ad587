using System.Net;
using MlflowDeploy.Mlflow;
using MlflowDeploy.Verification;

namespace MlflowDeploy.Tests.Verification;

public sealed class MlflowCallSampleTests
{
    private readonly ManualTimeProvider _time = new();

    private static MlflowRequestException Answered(HttpStatusCode status) =>
        new(MlflowFailureKind.HttpError, "GET /health", $"GET /health answered HTTP {(int)status}", status);

    private static readonly MlflowRequestException BadGateway = Answered(HttpStatusCode.BadGateway);

    /// <summary>Records the calls of <paramref name="pattern"/> ('o' answered, 'x' 502) one second apart.</summary>
    private MlflowCallSample Calls(string pattern, MlflowCallSample? sample = null)
    {
        sample ??= new MlflowCallSample(_time, minCalls: 6, minSpan: TimeSpan.FromSeconds(10));
        foreach (var call in pattern)
        {
            if (call == ' ')
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                continue;
            }

            sample.Record(call == 'x' ? BadGateway : null);
        }

        return sample;
    }

    [Theory]
    [InlineData("", MlflowSampleVerdict.Healthy)]
    [InlineData("o o o", MlflowSampleVerdict.Healthy)]
    [InlineData("x x x", MlflowSampleVerdict.NothingHealthyYet)]
    [InlineData("x x o", MlflowSampleVerdict.WarmedUp)]
    [InlineData("o x o", MlflowSampleVerdict.Sampling)]
    [InlineData("oxoxoxox", MlflowSampleVerdict.Sampling)]
    [InlineData("oxo x o x o x o x o x o x o", MlflowSampleVerdict.Intermittent)]
    [InlineData("oxxo o o o o o o o o o o", MlflowSampleVerdict.Blip)]
    [InlineData("o o o o o o o o o o o o ox", MlflowSampleVerdict.Sampling)]
    [InlineData("o o x o o o o o o o x o o", MlflowSampleVerdict.Intermittent)]
    public void Tells_what_the_calls_so_far_show(string pattern, MlflowSampleVerdict verdict) =>
        Assert.Equal(verdict, Calls(pattern).Read().Verdict);

    [Fact]
    public void The_rate_names_the_failures_among_all_calls()
    {
        var reading = Calls("oxoxox");

        Assert.Equal("3 of 6 calls answered 502 Bad Gateway", reading.Read().Rate);
    }

    [Fact]
    public void Several_kinds_of_failure_are_counted_apart()
    {
        var sample = Calls("oxx");
        sample.Record(Answered(HttpStatusCode.ServiceUnavailable));
        sample.Record(new MlflowRequestException(MlflowFailureKind.Unreachable, "GET /health", "refused"));

        Assert.Equal("4 of 5 calls failed (2 answered 502 Bad Gateway, 1 answered 503 Service Unavailable, 1 could not connect)", sample.Read().Rate);
    }

    [Fact]
    public void An_answer_that_is_not_the_load_balancers_counts_as_answered()
    {
        var sample = Calls("o");
        sample.Record(Answered(HttpStatusCode.NotFound));
        sample.Record(Answered(HttpStatusCode.InternalServerError));

        Assert.Equal(MlflowSampleVerdict.Healthy, sample.Read().Verdict);
    }
}
