namespace MlflowDeploy.Tests.MlflowDouble;

/// <summary>Faults a test switches on in the double; all are off by default and may change while it serves.</summary>
public sealed class MlflowDoubleFaults
{
    private readonly Lock _lock = new();
    private int _unavailableRequests;

    /// <summary>The next N requests get the load balancer's 503 page (no healthy target yet).</summary>
    public void UnavailableFor(int requests)
    {
        lock (_lock)
        {
            _unavailableRequests = requests;
        }
    }

    /// <summary>Every request gets the load balancer's 503 page.</summary>
    public bool UnavailableForever { get; set; }

    /// <summary>Each answer is held back this long (for requests whose path contains <see cref="DelayPathContains"/>).</summary>
    public TimeSpan ResponseDelay { get; set; }

    public string? DelayPathContains { get; set; }

    /// <summary><c>experiments/search</c> answers 200 with a body that is not valid JSON.</summary>
    public bool MalformedSearchJson { get; set; }

    /// <summary>The body of <c>/health</c>, to break the contract (null: <c>OK</c>).</summary>
    public string? HealthBody { get; set; }

    /// <summary>Requires HTTP basic auth on everything but <c>/health</c>, as <c>--app-name basic-auth</c> does.</summary>
    public (string User, string Password)? RequiredBasicAuth { get; set; }

    /// <summary>Every request is answered 301 to this root, as an ALB's HTTP listener that redirects to HTTPS.</summary>
    public Uri? RedirectTo { get; set; }

    /// <summary>Endpoint suffix (e.g. <c>runs/log-metric</c>) → the status its answers fail with (500 INTERNAL_ERROR).</summary>
    public Dictionary<string, int> FailingEndpoints { get; } = new(StringComparer.Ordinal);

    internal bool TakeUnavailable()
    {
        lock (_lock)
        {
            if (UnavailableForever)
            {
                return true;
            }

            if (_unavailableRequests > 0)
            {
                _unavailableRequests--;
                return true;
            }

            return false;
        }
    }

    internal int? FailureFor(string path)
    {
        lock (FailingEndpoints)
        {
            foreach (var (suffix, status) in FailingEndpoints)
            {
                if (path.EndsWith(suffix, StringComparison.Ordinal))
                {
                    return status;
                }
            }
        }

        return null;
    }
}
