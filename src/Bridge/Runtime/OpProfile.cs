namespace Bridge.Runtime;

/// <summary>
/// Time spent per op kind (BRIDGE_PROFILE=1), or per kind, input shapes and kernel side (BRIDGE_PROFILE=2): a
/// diagnostic for slow graphs.
/// </summary>
internal sealed class OpProfile(bool detailed)
{
    /// <summary>Whether the keys name the inputs' shapes and the side too.</summary>
    public bool Detailed { get; } = detailed;

    private readonly Dictionary<string, (long ticks, long count)> _byKind = new();

    public void Add(string key, long ticks)
    {
        var (t, c) = _byKind.GetValueOrDefault(key);
        _byKind[key] = (t + ticks, c + 1);
    }

    public void Report(TextWriter w)
    {
        double total = _byKind.Values.Sum(v => v.ticks);
        w.WriteLine((Detailed ? "op kind, inputs, side" : "op kind").PadRight(23) + "  calls    total ms   us/call   share");
        foreach (var (kind, (ticks, count)) in _byKind.OrderByDescending(kv => kv.Value.ticks))
        {
            double ms = ticks * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
            w.WriteLine($"{kind,-22} {count,8} {ms,11:F1} {ms * 1000 / count,9:F1} {ticks / total,7:P0}");
        }
    }
}
