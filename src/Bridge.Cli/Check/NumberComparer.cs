using System.Globalization;

namespace Bridge.Cli.Check;

/// <summary>One number of the original that our output does not reproduce (or has no counterpart for).</summary>
/// <param name="Segment">Where: <c>step 5</c>, <c>step 200/Prediction:</c>, <c>preamble</c>.</param>
/// <param name="Index">Position of the number in the segment (0-based).</param>
/// <param name="Ours">Our printed token, or null when we printed fewer numbers.</param>
/// <param name="Original">The original's token, or null when we printed more numbers.</param>
/// <param name="Tolerance">The tolerance that applied (NaN when there was no pair to compare).</param>
internal sealed record NumberMismatch(string Segment, int Index, string? Ours, string? Original, double Tolerance)
{
    public override string ToString() =>
        $"{Segment} #{Index}: ours {Ours ?? "(missing)"}, original {Original ?? "(none)"}" +
        (double.IsNaN(Tolerance) ? "" : $", tolerance {Tolerance.ToString("G3", CultureInfo.InvariantCulture)}");
}

/// <summary>The tally of comparing printed numbers: how many were compared and matched, and the largest difference.</summary>
internal sealed class ComparisonResult
{
    private readonly List<NumberMismatch> _mismatches = [];

    /// <summary>Numbers compared; a missing or extra number counts as one compared (and unmatched) number.</summary>
    public int Compared { get; private set; }

    /// <summary>Numbers within tolerance.</summary>
    public int Matched { get; private set; }

    /// <summary>The largest |ours - original| over compared pairs; infinity when a finite and a non-finite value met.</summary>
    public double LargestDifference { get; private set; }

    /// <summary>The numbers that did not match, in order.</summary>
    public IReadOnlyList<NumberMismatch> Mismatches => _mismatches;

    /// <summary>True when every number was compared and matched (and there was at least one).</summary>
    public bool AllMatch => Compared > 0 && Matched == Compared;

    internal void AddPair(double difference, bool matched, NumberMismatch? mismatch)
    {
        Compared++;
        if (matched) Matched++;
        else if (mismatch is not null) _mismatches.Add(mismatch);
        if (difference > LargestDifference || double.IsNaN(difference)) LargestDifference = difference;
    }

    internal void AddUnpaired(NumberMismatch mismatch)
    {
        Compared++;
        _mismatches.Add(mismatch);
    }

    internal void Add(ComparisonResult other)
    {
        Compared += other.Compared;
        Matched += other.Matched;
        if (other.LargestDifference > LargestDifference) LargestDifference = other.LargestDifference;
        _mismatches.AddRange(other._mismatches);
    }
}

/// <summary>
/// Compares our printed numbers with the original's, pairwise and in order, with the check's tolerance:
/// equal when both are the same non-finite value; otherwise |ours - original| &lt;= max(one unit in the last printed
/// digit of the original, one float32 ulp of the largest magnitude the original printed in the same array or line).
/// </summary>
/// <remarks>
/// The ulp term exists because numpy prints float32 arrays with 8 decimals, finer than float32 resolution near 1
/// (ulp(1.63) = 1.2e-7), so the last printed digit of a float32 can legitimately move by more than one unit.
/// </remarks>
internal static class NumberComparer
{
    /// <summary>Compares the numbers of one segment (see <see cref="NumberExtractor"/>).</summary>
    public static ComparisonResult Compare(IReadOnlyList<PrintedNumber> ours, IReadOnlyList<PrintedNumber> original, string segment = "", int ulps = 1)
    {
        var result = new ComparisonResult();
        var groupScale = original.Where(n => n.IsFinite).GroupBy(n => n.Group).ToDictionary(g => g.Key, g => g.Max(n => Math.Abs(n.Value)));
        var pairs = Math.Min(ours.Count, original.Count);
        for (var i = 0; i < pairs; i++)
        {
            var o = original[i];
            var tolerance = Tolerance(o, groupScale.GetValueOrDefault(o.Group), ulps);
            var (difference, matched) = Differ(ours[i], o, tolerance);
            result.AddPair(difference, matched, matched ? null : new NumberMismatch(segment, i, ours[i].Text, o.Text, tolerance));
        }
        for (var i = pairs; i < original.Count; i++)
            result.AddUnpaired(new NumberMismatch(segment, i, null, original[i].Text, double.NaN));
        for (var i = pairs; i < ours.Count; i++)
            result.AddUnpaired(new NumberMismatch(segment, i, ours[i].Text, null, double.NaN));
        return result;
    }

    /// <summary>The tolerance for <paramref name="original"/> given the largest magnitude in its array or line.</summary>
    public static double Tolerance(PrintedNumber original, double largestMagnitudeInGroup, int ulps = 1) =>
        Math.Max(original.LastDigitUnit, ulps * Float32Ulp(largestMagnitudeInGroup));

    /// <summary>The spacing of float32 values at <paramref name="magnitude"/> (the gap to the next float up).</summary>
    public static double Float32Ulp(double magnitude)
    {
        var f = (float)Math.Abs(magnitude);
        if (float.IsInfinity(f) || float.IsNaN(f)) return 0;  // not a float32 magnitude (e.g. a float64 beyond 3.4e38)
        return (double)MathF.BitIncrement(f) - f;
    }

    /// <summary>The difference and whether it is within <paramref name="tolerance"/>.</summary>
    /// <remarks>
    /// Both values come from decimal text, so "one unit in the last digit" is decided in decimal arithmetic where it
    /// fits (|x| &lt; 7.9e28): in binary, 0.6146443 - 0.6146442 is 1.0000000000287557e-07, a hair over 1e-7. Beyond
    /// decimal's range the tolerance is at least 1e20 times coarser than double rounding, so double is exact enough.
    /// </remarks>
    internal static (double Difference, bool Matched) Differ(PrintedNumber ours, PrintedNumber original, double tolerance)
    {
        if (!ours.IsFinite || !original.IsFinite)
        {
            var same = double.IsNaN(ours.Value) ? double.IsNaN(original.Value) : ours.Value.Equals(original.Value);
            return same ? (0, true) : (double.PositiveInfinity, false);
        }
        var difference = Math.Abs(ours.Value - original.Value);
        // The float32 values the two texts stand for (shortest round-trip digits, 8 decimals, ...): a difference of
        // whole ulps is measured on them, not on their decimal spellings (0.15225405 and 0.15225402 are 2 ulps apart,
        // 2.98e-8, though their texts differ by 3e-8).
        double asFloats = Math.Abs((double)(float)ours.Value - (float)original.Value);
        if (asFloats <= tolerance && (float)original.Value != 0) return (difference, true);
        if (TryDecimal(ours.Text, out var a) && TryDecimal(original.Text, out var b) && TryDecimal(tolerance, out var t))
            return (difference, Math.Abs(a - b) <= t);
        return (difference, difference <= tolerance);
    }

    private static bool TryDecimal(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static bool TryDecimal(double x, out decimal value)
    {
        // Tolerances are powers of ten or of two; 28 significant digits hold them (below 1e-28 decimal rounds to 0).
        if (x is >= 1e-27 and < 7.9e28) { value = (decimal)x; return true; }
        value = 0;
        return false;
    }
}
