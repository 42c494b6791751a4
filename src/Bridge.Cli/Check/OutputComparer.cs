namespace Bridge.Cli.Check;

/// <summary>Compares a lab's whole printed output with the original's, segment by segment (see <see cref="OutputSegments"/>).</summary>
internal static class OutputComparer
{
    /// <summary>
    /// Every number of every segment of <paramref name="original"/> against the same segment of <paramref name="ours"/>.
    /// Segments we print and the original omitted (skipped steps) are not compared; a segment of the original that we
    /// do not print counts all its numbers as mismatches.
    /// </summary>
    /// <param name="ulps">The float32 part of the tolerance, in ulps (see <see cref="NumberComparer"/>).</param>
    public static ComparisonResult Compare(string ours, string original, int ulps = 1)
    {
        var mine = OutputSegments.Parse(ours);
        var total = new ComparisonResult();
        foreach (var segment in OutputSegments.Parse(original).Segments)
        {
            var expected = NumberExtractor.Extract(segment.Text);
            var actual = mine.Find(segment.Key) is { } found ? NumberExtractor.Extract(found.Text) : [];
            total.Add(NumberComparer.Compare(actual, expected, segment.Key, ulps));
        }
        return total;
    }
}
