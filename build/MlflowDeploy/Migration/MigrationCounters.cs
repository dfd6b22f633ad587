namespace MlflowDeploy.Migration;

/// <summary>The running totals shared by concurrent run copies; every change sends a snapshot to the progress sink.</summary>
internal sealed class MigrationCounters
{
    private readonly IProgress<MigrationProgress>? _progress;
    private int _phase;
    private int _runsTotal;
    private int _runsDone;
    private int _runsFailed;
    private long _pointsPlanned;
    private long _pointsCopied;
    private long _bytesPlanned;
    private long _bytesCopied;
    private int _params;
    private int _tags;
    private int _files;
    private int _historiesCompared;

    public MigrationCounters(IProgress<MigrationProgress>? progress) => _progress = progress;

    public long PointsCopied => Interlocked.Read(ref _pointsCopied);

    public long BytesCopied => Interlocked.Read(ref _bytesCopied);

    /// <summary>Params logged (or that would be).</summary>
    public int Params => Volatile.Read(ref _params);

    /// <summary>Run and experiment tags set (or that would be).</summary>
    public int Tags => Volatile.Read(ref _tags);

    /// <summary>Artifact files uploaded (or that would be).</summary>
    public int Files => Volatile.Read(ref _files);

    /// <summary>Runs whose every metric history was read back and compared point by point.</summary>
    public int HistoriesCompared => Volatile.Read(ref _historiesCompared);

    public void HistoryCompared() => Interlocked.Increment(ref _historiesCompared);

    public void ParamsLogged(int count) => Interlocked.Add(ref _params, count);

    public void TagsSet(int count) => Interlocked.Add(ref _tags, count);

    public void FileCopied() => Interlocked.Increment(ref _files);

    public void Enter(MigrationPhase phase, int? runsTotal = null)
    {
        Interlocked.Exchange(ref _phase, (int)phase);
        if (runsTotal is { } total)
        {
            Interlocked.Exchange(ref _runsTotal, total);
            Interlocked.Exchange(ref _runsDone, 0);
        }

        Send();
    }

    public void RunDone(bool failed)
    {
        Interlocked.Increment(ref _runsDone);
        if (failed)
        {
            Interlocked.Increment(ref _runsFailed);
        }

        Send();
    }

    public void AddPointsPlanned(long count) => Add(ref _pointsPlanned, count);

    public void AddPointsCopied(long count) => Add(ref _pointsCopied, count);

    public void AddBytesPlanned(long count) => Add(ref _bytesPlanned, count);

    public void AddBytesCopied(long count) => Add(ref _bytesCopied, count);

    public MigrationProgress Snapshot() => new(
        (MigrationPhase)Volatile.Read(ref _phase),
        Volatile.Read(ref _runsTotal),
        Volatile.Read(ref _runsDone),
        Volatile.Read(ref _runsFailed),
        Interlocked.Read(ref _pointsPlanned),
        Interlocked.Read(ref _pointsCopied),
        Interlocked.Read(ref _bytesPlanned),
        Interlocked.Read(ref _bytesCopied));

    private void Add(ref long counter, long count)
    {
        if (count == 0)
        {
            return;
        }

        Interlocked.Add(ref counter, count);
        Send();
    }

    private void Send() => _progress?.Report(Snapshot());
}
