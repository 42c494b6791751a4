namespace Bridge.Runtime;

/// <summary>Time spent per op kind and shape class, for BRIDGE_PROFILE=1: a diagnostic for slow graphs.</summary>
internal sealed class OpProfile
{
    private readonly Dictionary<string, (long ticks, long count)> _byKind = new();

    public void Add(Operation op, long ticks)
    {
        var key = op.type;
        var (t, c) = _byKind.GetValueOrDefault(key);
        _byKind[key] = (t + ticks, c + 1);
    }

    public void Report(TextWriter w)
    {
        double total = _byKind.Values.Sum(v => v.ticks);
        w.WriteLine("op kind                  calls    total ms   us/call   share");
        foreach (var (kind, (ticks, count)) in _byKind.OrderByDescending(kv => kv.Value.ticks))
        {
            double ms = ticks * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
            w.WriteLine($"{kind,-22} {count,8} {ms,11:F1} {ms * 1000 / count,9:F1} {ticks / total,7:P0}");
        }
    }
}
