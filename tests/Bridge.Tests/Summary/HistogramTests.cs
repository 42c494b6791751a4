using Bridge.Summary;

namespace Bridge.Tests.Summary;

/// <summary>
/// TF 1.x histogram bucketing (tensorflow/core/lib/histogram/histogram.cc): default limits and the
/// compact encoding HistogramSummary stores, checked against the documented definition.
/// </summary>
public class HistogramTests
{
    private static IReadOnlyList<double> Limits => TfHistogram.DefaultBucketLimits;

    [Test]
    public void DefaultLimitsAreTheDocumentedExponentialLadder()
    {
        var limits = Limits;
        // 1e-12 * 1.1^k < 1e20 for k = 0..773: 774 positive limits, then DBL_MAX; mirrored; and 0.
        Assert.That(limits, Has.Count.EqualTo(2 * 775 + 1));
        int zero = limits.Count / 2;
        Assert.That(limits[zero], Is.EqualTo(0.0));
        Assert.That(limits[zero + 1], Is.EqualTo(1e-12));
        Assert.That(limits[zero + 2], Is.EqualTo(1e-12 * 1.1));
        Assert.That(limits[zero + 2], Is.EqualTo(1.1e-12).Within(1e-27));
        Assert.That(limits[zero + 3], Is.EqualTo(1e-12 * 1.1 * 1.1));
        Assert.That(limits[^2], Is.LessThan(1e20));
        Assert.That(limits[^2] * 1.1, Is.GreaterThanOrEqualTo(1e20));
        Assert.That(limits[^1], Is.EqualTo(double.MaxValue));
        Assert.That(limits[0], Is.EqualTo(-double.MaxValue));
        for (int i = 1; i < limits.Count; i++) Assert.That(limits[i], Is.GreaterThan(limits[i - 1]));
        for (int i = 0; i < zero; i++) Assert.That(limits[i], Is.EqualTo(-limits[^(i + 1)]));
    }

    [Test]
    public void SingleValueOfOne()
    {
        var h = Encode(1.0);
        Assert.That((h.Min, h.Max, h.Num, h.Sum, h.SumSquares), Is.EqualTo((1.0, 1.0, 1.0, 1.0, 1.0)));
        // Three entries: the empty run below, the bucket holding 1.0, the empty run above up to DBL_MAX.
        Assert.That(h.Bucket, Is.EqualTo(new[] { 0.0, 1.0, 0.0 }));
        Assert.That(h.BucketLimit[0], Is.LessThanOrEqualTo(1.0));
        Assert.That(h.BucketLimit[1], Is.GreaterThan(1.0));
        Assert.That(h.BucketLimit[1], Is.LessThanOrEqualTo(1.1));
        Assert.That(h.BucketLimit[2], Is.EqualTo(double.MaxValue));
        CheckConsistent(h, [1.0]);
    }

    [Test]
    public void ZeroGoesToTheFirstPositiveBucket()
    {
        var h = Encode(0.0, 0.0, 0.0);
        Assert.That(h.BucketLimit, Is.EqualTo(new[] { 0.0, 1e-12, double.MaxValue }));
        Assert.That(h.Bucket, Is.EqualTo(new[] { 0.0, 3.0, 0.0 }));
        CheckConsistent(h, [0.0, 0.0, 0.0]);
    }

    [Test]
    public void NegativesZerosAndPositives()
    {
        double[] values = [-3.0, -3.0, -0.5, 0.0, 0.0, 2e-13, 1.0, 7.5, 7.5, 7.5, 1e6];
        var h = Encode(values);
        Assert.That(h.Min, Is.EqualTo(-3.0));
        Assert.That(h.Max, Is.EqualTo(1e6));
        Assert.That(h.Num, Is.EqualTo(values.Length));
        Assert.That(h.Sum, Is.EqualTo(values.Sum()));
        Assert.That(h.SumSquares, Is.EqualTo(values.Sum(v => v * v)));
        CheckConsistent(h, values);
        // 0 and 2e-13 share the first positive bucket [0, 1e-12).
        int i = Array.IndexOf(h.BucketLimit, 1e-12);
        Assert.That(h.Bucket[i], Is.EqualTo(3.0));
        // A negative value v sits in [-a, -b) with b < |v| <= a... i.e. the limit above it is > v.
        int j = Array.FindIndex(h.BucketLimit, l => l > -3.0);
        Assert.That(h.Bucket[j], Is.EqualTo(2.0));
    }

    [Test]
    public void ValueOnALimitGoesToTheBucketAboveIt()
    {
        // upper_bound semantics: bucket i is [limit[i-1], limit[i]), so a value equal to a limit starts the next bucket.
        double onLimit = Limits[Limits.Count / 2 + 10];
        var h = Encode(onLimit);
        int k = Array.FindIndex(h.Bucket, c => c > 0);
        Assert.That(h.BucketLimit[k], Is.EqualTo(Limits[Limits.Count / 2 + 11]));
        Assert.That(h.BucketLimit[k - 1], Is.EqualTo(onLimit));
    }

    [Test]
    public void EmptyHistogramKeepsTFsSentinels()
    {
        var h = Encode();
        Assert.That((h.Min, h.Max, h.Num), Is.EqualTo((double.MaxValue, -double.MaxValue, 0.0)));
        Assert.That(h.BucketLimit, Is.EqualTo(new[] { double.MaxValue }));
        Assert.That(h.Bucket, Is.EqualTo(new[] { 0.0 }));
    }

    [Test]
    public void ManyNormalValues()
    {
        var rng = new System.Random(3);
        var values = Enumerable.Range(0, 5000).Select(_ => rng.NextDouble() * 4 - 2).Concat([0.0, 0.0]).ToArray();
        var h = Encode(values);
        Assert.That(h.Min, Is.EqualTo(values.Min()));
        Assert.That(h.Max, Is.EqualTo(values.Max()));
        // Summed in the same order as TF (the order of the values), so equal exactly.
        double sum = 0, sq = 0;
        foreach (var v in values) { sum += v; sq += v * v; }
        Assert.That(h.Sum, Is.EqualTo(sum));
        Assert.That(h.SumSquares, Is.EqualTo(sq));
        CheckConsistent(h, values);
    }

    [Test]
    public void HistogramSummaryRoundTripsThroughDecode()
    {
        double[] values = [-1.5, 0.25, 0.25, 4.0];
        var direct = Encode(values);
        var decoded = SummaryProto.Decode(SummaryProto.Histogram("w", values)).Single();
        Assert.That(decoded.Tag, Is.EqualTo("w"));
        var h = decoded.Histogram!;
        Assert.That((h.Min, h.Max, h.Num, h.Sum, h.SumSquares), Is.EqualTo((direct.Min, direct.Max, direct.Num, direct.Sum, direct.SumSquares)));
        Assert.That(h.BucketLimit, Is.EqualTo(direct.BucketLimit));
        Assert.That(h.Bucket, Is.EqualTo(direct.Bucket));
    }

    private static HistogramData Encode(params double[] values)
    {
        var h = new TfHistogram();
        foreach (var v in values) h.Add(v);
        return h.Encode();
    }

    /// <summary>
    /// The encoding is right for <paramref name="values"/>: limits are default limits in increasing order,
    /// counts sum to num, each entry counts exactly the values in [previous limit, limit), no two empty
    /// entries are adjacent (runs were collapsed), and the last limit is DBL_MAX.
    /// </summary>
    private static void CheckConsistent(HistogramData h, double[] values)
    {
        Assert.That(h.BucketLimit, Has.Length.EqualTo(h.Bucket.Length));
        Assert.That(h.Bucket.Sum(), Is.EqualTo(h.Num));
        Assert.That(h.Num, Is.EqualTo(values.Length));
        Assert.That(h.BucketLimit[^1], Is.EqualTo(double.MaxValue));
        var set = Limits.ToHashSet();
        double lower = double.NegativeInfinity;
        for (int i = 0; i < h.Bucket.Length; i++)
        {
            Assert.That(set, Does.Contain(h.BucketLimit[i]), $"limit {h.BucketLimit[i]:R} is a default limit");
            if (i > 0) Assert.That(h.BucketLimit[i], Is.GreaterThan(h.BucketLimit[i - 1]));
            if (i > 0 && h.Bucket[i] == 0) Assert.That(h.Bucket[i - 1], Is.GreaterThan(0), "empty runs are collapsed");
            double upper = h.BucketLimit[i];
            int inside = values.Count(v => v >= lower && v < upper);
            Assert.That(h.Bucket[i], Is.EqualTo(inside), $"bucket [{lower:R}, {upper:R})");
            // A non-empty entry is exactly one default bucket wide.
            if (h.Bucket[i] > 0 && i > 0)
            {
                int li = IndexOf(h.BucketLimit[i]);
                Assert.That(IndexOf(h.BucketLimit[i - 1]), Is.EqualTo(li - 1));
            }
            lower = upper;
        }
    }

    private static int IndexOf(double limit)
    {
        for (int i = 0; i < Limits.Count; i++) if (Limits[i] == limit) return i;
        return -1;
    }
}
