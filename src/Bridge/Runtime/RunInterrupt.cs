using System.Diagnostics;

namespace Bridge.Runtime;

/// <summary>
/// A check a host installs on a thread so that a long <c>Session.run</c> on that thread can be stopped between ops:
/// the Python package installs one that runs Python's signal handlers, so that Ctrl-C stops a run (see
/// <c>Interop/PythonSignals.cs</c>). Without one, runs check nothing.
/// </summary>
/// <remarks>
/// The executor consults <see cref="StopRequested"/> between ops, at most once per <see cref="IntervalTicks"/>
/// (the first time one interval after the run starts, so short runs never call it), and only before the run's first
/// write (runs put every computed value before any Assign or optimizer update): a stopped run throws
/// <see cref="CancelledError"/> and has written no variable (random ops it already evaluated have advanced their
/// streams, as in a run that fails). An op in progress is not interrupted: it finishes first.
/// </remarks>
internal sealed class RunInterrupt
{
    [ThreadStatic] private static RunInterrupt? t_current;

    public RunInterrupt(Func<bool> stopRequested, TimeSpan interval)
    {
        StopRequested = stopRequested;
        IntervalTicks = (long)(interval.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>True to stop the run (called on the running thread, between ops).</summary>
    public Func<bool> StopRequested { get; }

    /// <summary>The least time between two checks, in <see cref="Stopwatch"/> ticks.</summary>
    public long IntervalTicks { get; }

    /// <summary>The check for runs on the current thread, or null.</summary>
    public static RunInterrupt? Current
    {
        get => t_current;
        set => t_current = value;
    }
}
