namespace MlflowDeploy.Tests.MlflowDouble;

/// <summary>Faults a test switches on in the double; all are off by default and may change while it serves.</summary>
public sealed class MlflowDoubleFaults
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (int Successes, int Status)> _failAfter = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Count, int Status)> _failNext = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Skip, int Count)> _loseAnswers = new(StringComparer.Ordinal);
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

    /// <summary>Called with each request's path (after the prefix) before it is answered, e.g. to cancel a client mid-run.</summary>
    public Action<string>? BeforeRequest { get; set; }

    /// <summary>
    /// Requests whose path ends with <paramref name="suffix"/> are answered normally <paramref name="successes"/>
    /// times, then every further one fails with <paramref name="status"/> (INTERNAL_ERROR) until
    /// <see cref="ClearFailures"/>: a server that dies in the middle of a copy.
    /// </summary>
    public void FailAfter(string suffix, int successes, int status = 503)
    {
        lock (_lock)
        {
            _failAfter[suffix] = (successes, status);
        }
    }

    /// <summary>The next <paramref name="count"/> requests ending with <paramref name="suffix"/> fail with <paramref name="status"/>; later ones pass.</summary>
    public void FailNext(string suffix, int count, int status = 503)
    {
        lock (_lock)
        {
            _failNext[suffix] = (count, status);
        }
    }

    /// <summary>
    /// After <paramref name="skip"/> requests ending with <paramref name="suffix"/>, the next <paramref name="count"/> are
    /// applied but their answer is replaced by a 500: the write happened and the client cannot know it (a proxy that
    /// timed out, a worker killed late).
    /// </summary>
    public void LoseAnswers(string suffix, int count, int skip = 0)
    {
        lock (_lock)
        {
            _loseAnswers[suffix] = (skip, count);
        }
    }

    public void ClearFailures()
    {
        lock (_lock)
        {
            _failAfter.Clear();
            _failNext.Clear();
            _loseAnswers.Clear();
        }
    }

    internal bool TakeLostAnswer(string path)
    {
        lock (_lock)
        {
            foreach (var (suffix, (skip, count)) in _loseAnswers)
            {
                if (count > 0 && path.EndsWith(suffix, StringComparison.Ordinal))
                {
                    _loseAnswers[suffix] = skip > 0 ? (skip - 1, count) : (0, count - 1);
                    return skip == 0;
                }
            }

            return false;
        }
    }

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
        lock (_lock)
        {
            foreach (var (suffix, (successes, status)) in _failAfter)
            {
                if (path.EndsWith(suffix, StringComparison.Ordinal))
                {
                    if (successes > 0)
                    {
                        _failAfter[suffix] = (successes - 1, status);
                        break;
                    }

                    return status;
                }
            }

            foreach (var (suffix, (count, status)) in _failNext)
            {
                if (path.EndsWith(suffix, StringComparison.Ordinal) && count > 0)
                {
                    _failNext[suffix] = (count - 1, status);
                    return status;
                }
            }
        }

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
