using System.Runtime.InteropServices;

namespace MlflowDeploy;

/// <summary>
/// Turns Ctrl-C and SIGTERM into cancellation of the run, instead of an abrupt exit, so terraform is
/// interrupted cleanly and the emulator is stopped by the build's teardown.
/// </summary>
public sealed class RunCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = [];

    public RunCancellation(Action<string> log)
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                if (!_source.IsCancellationRequested)
                {
                    log($"{context.Signal} received: stopping terraform and the emulator…");
                    _source.Cancel();
                }
            }));
        }
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }
}
