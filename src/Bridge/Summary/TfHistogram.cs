namespace Bridge.Summary;

/// <summary>The fields of TF's <c>HistogramProto</c>, as encoded in a summary (or decoded from one).</summary>
/// <param name="Min">Smallest value added (DBL_MAX when empty, as TF).</param>
/// <param name="Max">Largest value added (-DBL_MAX when empty, as TF).</param>
/// <param name="Num">Number of values.</param>
/// <param name="Sum">Sum of the values.</param>
/// <param name="SumSquares">Sum of the squares of the values.</param>
/// <param name="BucketLimit">Right edge of each bucket; bucket i counts values in [BucketLimit[i-1], BucketLimit[i]).</param>
/// <param name="Bucket">Count of each bucket, parallel to <paramref name="BucketLimit"/>.</param>
internal sealed record HistogramData(
    double Min, double Max, double Num, double Sum, double SumSquares,
    double[] BucketLimit, double[] Bucket);

/// <summary>
/// TF 1.x's histogram (tensorflow/core/lib/histogram): fixed exponential buckets and the compact
/// encoding the HistogramSummary op stores, so TensorBoard draws the same picture as for TF.
/// </summary>
internal sealed class TfHistogram
{
    private static readonly double[] DefaultLimits = BuildDefaultLimits();

    private readonly double[] _limits;
    private readonly double[] _counts;
    private double _min, _max, _num, _sum, _sumSquares;

    /// <summary>A histogram over TF's default bucket limits.</summary>
    public TfHistogram()
    {
        _limits = DefaultLimits;
        _counts = new double[_limits.Length];
        // TF starts min at the last limit (DBL_MAX) and max at -DBL_MAX; an empty histogram encodes these.
        _min = _limits[^1];
        _max = -double.MaxValue;
    }

    /// <summary>
    /// TF's default limits: positive edges 1e-12, 1.1e-12, ... (each 10% above the previous, computed by
    /// repeated multiplication so the doubles match TF bit for bit) while below 1e20, then DBL_MAX;
    /// the same negated below zero, and 0 in the middle.
    /// </summary>
    public static IReadOnlyList<double> DefaultBucketLimits => DefaultLimits;

    private static double[] BuildDefaultLimits()
    {
        var positive = new List<double>();
        for (double v = 1.0e-12; v < 1.0e20; v *= 1.1) positive.Add(v);
        positive.Add(double.MaxValue);
        var all = new List<double>(2 * positive.Count + 1);
        for (int i = positive.Count - 1; i >= 0; i--) all.Add(-positive[i]);
        all.Add(0.0);
        all.AddRange(positive);
        return all.ToArray();
    }

    /// <summary>Adds one (finite) value: it goes to the first bucket whose limit is strictly greater.</summary>
    public void Add(double value)
    {
        _counts[UpperBound(value)] += 1.0;
        if (_min > value) _min = value;
        if (_max < value) _max = value;
        _num++;
        _sum += value;
        _sumSquares += value * value;
    }

    // Index of the first limit > value (C++ std::upper_bound). Callers reject NaN and infinities,
    // so a finite value always lands inside the table (the last limit is DBL_MAX... except for
    // DBL_MAX itself, which is clamped to the last bucket rather than running off the end).
    private int UpperBound(double value)
    {
        int lo = 0, hi = _limits.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_limits[mid] > value) hi = mid; else lo = mid + 1;
        }
        return Math.Min(lo, _limits.Length - 1);
    }

    /// <summary>
    /// The encoding TF's HistogramSummary stores (EncodeToProto with preserve_zero_buckets = false):
    /// each non-empty bucket as (limit, count), and each run of empty buckets collapsed into a single
    /// (limit of the run's last bucket, 0) entry, so the list stays short but still marks the gaps.
    /// </summary>
    public HistogramData Encode()
    {
        var limits = new List<double>();
        var counts = new List<double>();
        for (int i = 0; i < _counts.Length;)
        {
            double end = _limits[i], count = _counts[i];
            i++;
            if (count <= 0.0)
            {
                while (i < _counts.Length && _counts[i] <= 0.0)
                {
                    end = _limits[i];
                    count = _counts[i];
                    i++;
                }
            }
            limits.Add(end);
            counts.Add(count);
        }
        if (limits.Count == 0)
        {
            // TF keeps at least one entry so a reader can always restore the histogram.
            limits.Add(double.MaxValue);
            counts.Add(0.0);
        }
        return new HistogramData(_min, _max, _num, _sum, _sumSquares, limits.ToArray(), counts.ToArray());
    }
}
