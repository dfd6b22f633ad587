using System.Globalization;
using System.Text.Json;

namespace MlflowDeploy.Terraform;

/// <summary>
/// What terraform is doing to the account right now, from its <c>-json</c> stream: an <c>apply_start</c> opens an
/// operation on a resource, <c>apply_complete</c> or <c>apply_errored</c> closes it. When terraform is stopped, the
/// operations still open are the ones that may have changed the account without reaching the state, and the errored
/// ones are those it cut short (a create cut short leaves its resource tainted in the state). Data source reads are
/// not counted: they change nothing.
/// </summary>
public sealed class InFlightOperations
{
    private readonly object _gate = new();
    private readonly Dictionary<string, InFlightOperation> _open = new(StringComparer.Ordinal);
    private readonly List<InFlightOperation> _errored = [];

    /// <summary>Started and neither completed nor errored, oldest first.</summary>
    public IReadOnlyList<InFlightOperation> Unfinished
    {
        get
        {
            lock (_gate)
            {
                return _open.Values.OrderBy(o => o.Started).ToList();
            }
        }
    }

    /// <summary>Operations terraform reported as errored (on an interrupt: cut short).</summary>
    public IReadOnlyList<InFlightOperation> Errored
    {
        get
        {
            lock (_gate)
            {
                return _errored.ToList();
            }
        }
    }

    /// <summary>Reads one event of the stream; events other than the three apply events are ignored.</summary>
    public void Observe(string? type, JsonElement root)
    {
        if (type is not ("apply_start" or "apply_complete" or "apply_errored")
            || !root.TryGetProperty("hook", out var hook)
            || !hook.TryGetProperty("resource", out var resource)
            || !resource.TryGetProperty("addr", out var addr)
            || addr.GetString() is not { Length: > 0 } address)
        {
            return;
        }

        var action = hook.TryGetProperty("action", out var a) ? a.GetString() ?? "apply" : "apply";
        if (action == "read")
        {
            // A data source read (plan and apply both report them) changes nothing in the account or the state.
            return;
        }

        var key = address + " " + action;
        lock (_gate)
        {
            if (type == "apply_start")
            {
                _open[key] = new InFlightOperation(address, action, Timestamp(root));
                return;
            }

            if (_open.Remove(key, out var operation) && type == "apply_errored")
            {
                _errored.Add(operation);
            }
        }
    }

    private static DateTimeOffset Timestamp(JsonElement root) =>
        root.TryGetProperty("@timestamp", out var t) && DateTimeOffset.TryParse(t.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : DateTimeOffset.UtcNow;
}
