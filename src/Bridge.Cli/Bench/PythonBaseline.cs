namespace Bridge.Cli.Bench;

/// <summary>
/// The C# side of the Python benchmark (python/bridge/bench.py): Session.run timed in C#, the baseline its Python
/// figures are compared with. Public, and in the CLI rather than the library: bench.py loads Bridge.Cli.dll from the
/// same build folder as Bridge.dll (it is benchmark code, not part of what users ship).
/// </summary>
public static class PythonBaseline
{
    /// <summary>Median microseconds of <paramref name="count"/> runs of <paramref name="fetch"/>, timed here in C# (the benchmark's baseline).</summary>
    public static double TimeRunMicroseconds(Session session, Tensor fetch, int count)
    {
        var times = new double[count];
        session.run(fetch);
        for (int i = 0; i < count; i++)
        {
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            session.run(fetch);
            times[i] = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
        }
        Array.Sort(times);
        return times[count / 2];
    }
}
