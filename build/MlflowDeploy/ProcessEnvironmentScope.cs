namespace MlflowDeploy;

/// <summary>
/// Sets process environment variables for the life of a run and puts the old values back on dispose.
/// The AWS SDK's default credential and region chain reads the process environment, so this is how the
/// in-process clients follow the emulator exactly as terraform does.
/// </summary>
public sealed class ProcessEnvironmentScope : IDisposable
{
    private readonly Dictionary<string, string?> _previous = new(StringComparer.Ordinal);

    public ProcessEnvironmentScope(IReadOnlyDictionary<string, string?> variables)
    {
        foreach (var (name, value) in variables)
        {
            _previous[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, value) in _previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
