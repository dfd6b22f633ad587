using System.Text;
using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Migration;

/// <summary>
/// Splits what a run needs into <c>runs/log-batch</c> requests within the server's limits: 1,000 metrics,
/// 100 params, 100 tags and 1,000 entities per request, and a body well under the 1 MB that older servers
/// check. Params and tags go first, so a refused param shows before any metric is written.
/// </summary>
public static class LogBatchPlanner
{
    /// <summary>MLflow's MAX_BATCH_LOG_REQUEST_SIZE is 1,000,000; leave room for the envelope and escaping.</summary>
    public const int MaxBodyBytes = 900_000;

    public static IEnumerable<MlflowLogBatch> Params(IReadOnlyList<MlflowParam> parameters, IReadOnlyList<MlflowTag> tags)
    {
        var batch = new Builder();
        foreach (var param in parameters)
        {
            var size = Size(param.Key) + Size(param.Value);
            if (!batch.Fits(size, addingParam: true))
            {
                yield return batch.Take();
            }

            batch.Add(param, size);
        }

        foreach (var tag in tags)
        {
            var size = Size(tag.Key) + Size(tag.Value);
            if (!batch.Fits(size, addingTag: true))
            {
                yield return batch.Take();
            }

            batch.Add(tag, size);
        }

        if (batch.Count > 0)
        {
            yield return batch.Take();
        }
    }

    /// <summary>Metric points in the order given, <see cref="MlflowLogBatch.MaxMetrics"/> at a time.</summary>
    public static IEnumerable<MlflowLogBatch> Metrics(IReadOnlyList<MlflowMetric> points)
    {
        var batch = new Builder();
        foreach (var point in points)
        {
            // Key, a 25-character double, two 20-digit longs and the field names.
            var size = Size(point.Key) + 100;
            if (!batch.Fits(size))
            {
                yield return batch.Take();
            }

            batch.Add(point, size);
        }

        if (batch.Count > 0)
        {
            yield return batch.Take();
        }
    }

    /// <summary>A string's worst-case JSON size: every character escaped as \uXXXX is six bytes.</summary>
    private static int Size(string text) => (Encoding.UTF8.GetByteCount(text) * 2) + 16;

    private sealed class Builder
    {
        private List<MlflowParam> _params = [];
        private List<MlflowTag> _tags = [];
        private List<MlflowMetric> _metrics = [];
        private int _bytes;

        public int Count => _params.Count + _tags.Count + _metrics.Count;

        public bool Fits(int size, bool addingParam = false, bool addingTag = false) =>
            Count < MlflowLogBatch.MaxEntities
            && (Count == 0 || _bytes + size <= MaxBodyBytes)
            && (!addingParam || _params.Count < MlflowLogBatch.MaxParams)
            && (!addingTag || _tags.Count < MlflowLogBatch.MaxTags)
            && (addingParam || addingTag || _metrics.Count < MlflowLogBatch.MaxMetrics);

        public void Add(MlflowParam param, int size) => Add(() => _params.Add(param), size);

        public void Add(MlflowTag tag, int size) => Add(() => _tags.Add(tag), size);

        public void Add(MlflowMetric point, int size) => Add(() => _metrics.Add(point), size);

        public MlflowLogBatch Take()
        {
            var batch = new MlflowLogBatch { Params = _params, Tags = _tags, Metrics = _metrics };
            _params = [];
            _tags = [];
            _metrics = [];
            _bytes = 0;
            return batch;
        }

        private void Add(Action add, int size)
        {
            add();
            _bytes += size;
        }
    }
}
