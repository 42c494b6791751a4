using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Bridge;

/// <summary>
/// A one-line progress display for long training loops (epoch, step, cost, time left), redrawn with <c>\r</c> on
/// stderr, and only when stderr is an interactive terminal: when it is redirected (tests, <c>bridge check</c>, a pipe),
/// nothing is written, and stdout never gets a byte of it. The environment variable <c>BRIDGE_PROGRESS=0</c> turns it
/// off, <c>BRIDGE_PROGRESS=1</c> forces it (to stderr, even when redirected). <see cref="Binding.print"/> clears the
/// line before printing, so the lab's own lines are never mixed with it. C# scripts create one and call
/// <see cref="Step"/>; Python labs run by <c>python3 -m bridge run</c> get one from MNIST's <c>next_batch</c>
/// (<see cref="ForBatches"/>) with no change to the lab.
/// </summary>
public sealed class TrainingProgress : IDisposable
{
    private static readonly TimeSpan Redraw = TimeSpan.FromMilliseconds(100);
    private const int MinStepsForEta = 10;
    private static TrainingProgress? _shown; // the one whose line is on the terminal: print clears it

    private readonly int _epochs, _stepsPerEpoch;
    private readonly Func<TimeSpan> _clock;
    private readonly TextWriter? _out;
    private TimeSpan _lastDraw, _firstStep;
    private long _stepsSeen;
    private int _width;
    private bool _drawnOnce;

    /// <summary>
    /// Progress over <paramref name="epochs"/> epochs of <paramref name="stepsPerEpoch"/> steps, drawn on
    /// <paramref name="terminal"/> if given, else on stderr when <see cref="Enabled"/>.
    /// </summary>
    public TrainingProgress(int epochs, int stepsPerEpoch, TextWriter? terminal = null) : this(epochs, stepsPerEpoch, terminal, null) { }

    /// <summary>As the public constructor, with a clock (elapsed time) for tests; epochs 0 means unknown.</summary>
    internal TrainingProgress(int epochs, int stepsPerEpoch, TextWriter? terminal, Func<TimeSpan>? clock)
    {
        _epochs = epochs;
        _stepsPerEpoch = Math.Max(1, stepsPerEpoch);
        if (clock is null)
        {
            var watch = Stopwatch.StartNew();
            clock = () => watch.Elapsed;
        }
        _clock = clock;
        _out = terminal ?? (Enabled ? Console.Error : null);
    }

    /// <summary>
    /// Whether progress is drawn on stderr: <c>BRIDGE_PROGRESS=0</c> never, <c>=1</c> always; otherwise when stderr
    /// is an interactive terminal (not redirected).
    /// </summary>
    public static bool Enabled => Mode(Environment.GetEnvironmentVariable("BRIDGE_PROGRESS"), Console.IsErrorRedirected);

    /// <summary>The rule of <see cref="Enabled"/>, given the variable's value and whether stderr is redirected.</summary>
    internal static bool Mode(string? variable, bool stderrRedirected) => variable?.Trim() switch
    {
        "0" => false,
        "1" => true,
        _ => !stderrRedirected,
    };

    /// <summary>Whether anything is drawn.</summary>
    public bool Visible => _out is not null;

    /// <summary>Reports a finished step (0-based <paramref name="epoch"/> and <paramref name="step"/>); redrawn at most ten times a second.</summary>
    public void Step(int epoch, int step, float cost) => Draw(epoch, step, cost);

    /// <summary>Reports a finished step of a loop that computes no cost (shown without one).</summary>
    public void Step(int epoch, int step) => Draw(epoch, step, null);

    internal void Draw(int epoch, int step, float? cost)
    {
        if (_out is null) return;
        var now = _clock();
        if (_stepsSeen++ == 0) _firstStep = now;
        if (_drawnOnce && now - _lastDraw < Redraw) return;
        _lastDraw = now;
        _drawnOnce = true;
        var text = Format(epoch, _epochs, step, _stepsPerEpoch, cost, TimeLeft(epoch, step, now));
        lock (_out)
        {
            if (_shown is not null && _shown != this) _shown.Clear();
            _out.Write("\r" + text.PadRight(_width));
            _width = Math.Max(_width, text.Length);
            _shown = this;
        }
    }

    /// <summary>
    /// The time left, from the mean time of a step so far: to the end of the run when the number of epochs is known,
    /// else to the end of the current epoch (then null for the first 10 steps).
    /// </summary>
    private TimeSpan? TimeLeft(int epoch, int step, TimeSpan now)
    {
        if (_epochs > 0)
        {
            double done = (double)epoch * _stepsPerEpoch + step + 1, total = (double)_epochs * _stepsPerEpoch;
            return TimeSpan.FromTicks((long)(now.Ticks / done * Math.Max(0, total - done)));
        }
        if (_stepsSeen < MinStepsForEta) return null; // the first steps include the graph's set-up

        double perStep = (now - _firstStep).Ticks / (double)(_stepsSeen - 1);
        return TimeSpan.FromTicks((long)(perStep * Math.Max(0, _stepsPerEpoch - step - 1)));
    }

    /// <summary>
    /// The status line: <c>  epoch 3/15  step 120/550  cost 0.123456  ETA 01:05</c> (0-based epoch and step in, shown
    /// 1-based). With <paramref name="epochs"/> 0 (unknown) the epoch has no total and the ETA is the epoch's
    /// (<c>epoch ETA</c>); without a cost or a time left, those parts are left out.
    /// </summary>
    public static string Format(int epoch, int epochs, int step, int stepsPerEpoch, float? cost, TimeSpan? left)
    {
        var inv = CultureInfo.InvariantCulture;
        var s = epochs > 0
            ? string.Format(inv, "  epoch {0}/{1}  step {2}/{3}", epoch + 1, epochs, step + 1, stepsPerEpoch)
            : string.Format(inv, "  epoch {0}  step {1}/{2}", epoch + 1, step + 1, stepsPerEpoch);
        if (cost is float c) s += string.Format(inv, "  cost {0:F6}", c);
        if (left is TimeSpan t) s += (epochs > 0 ? "  ETA " : "  epoch ETA ") + Eta(t);
        return s;
    }

    /// <summary>A time left as mm:ss, or h:mm:ss from an hour on (whole seconds, rounded up).</summary>
    public static string Eta(TimeSpan left)
    {
        long seconds = (long)Math.Ceiling(Math.Max(0, left.TotalSeconds) - 1e-9);
        return seconds >= 3600
            ? string.Format(CultureInfo.InvariantCulture, "{0}:{1:00}:{2:00}", seconds / 3600, seconds / 60 % 60, seconds % 60)
            : string.Format(CultureInfo.InvariantCulture, "{0:00}:{1:00}", seconds / 60, seconds % 60);
    }

    /// <summary>Clears the line (before the lab prints its own line); the next step redraws it at once.</summary>
    public void Clear()
    {
        if (_out is null) return;
        lock (_out)
        {
            if (_shown == this) _shown = null;
            if (!_drawnOnce || _width == 0) return;
            _out.Write("\r" + new string(' ', _width) + "\r");
            _width = 0;
            _drawnOnce = false;
        }
    }

    /// <summary>Clears whichever progress line is on the terminal (print calls it before writing).</summary>
    public static void ClearShown() => _shown?.Clear();

    public void Dispose() => Clear();

    // --- progress driven by MNIST's next_batch (Python labs) ----------------------------------------------------------

    private static readonly ConditionalWeakTable<DataSet, TrainingProgress> BatchProgress = new();
    private static int _exitHook;

    /// <summary>
    /// Reports a batch just taken from <paramref name="set"/> by <c>next_batch(batch_size)</c>: epoch (epochs_completed),
    /// step (from index_in_epoch) and the epoch's ETA, drawn when <see cref="Enabled"/>. The total number of epochs is
    /// the lab's and unknown here; the cost is the last one <see cref="ReportCost"/> was given, if any.
    /// </summary>
    internal static void ForBatches(DataSet set, int batchSize)
    {
        if (!Enabled || batchSize <= 0) return;
        int steps = Math.Max(1, set.num_examples / batchSize);
        var p = BatchProgress.GetValue(set, _ => new TrainingProgress(0, steps, null, null));
        if (Interlocked.Exchange(ref _exitHook, 1) == 0) AppDomain.CurrentDomain.ProcessExit += (_, _) => ClearShown();
        int step = Math.Min(steps, (set.index_in_epoch + batchSize - 1) / batchSize) - 1;
        p.Draw(set.epochs_completed, Math.Max(0, step), _lastCost);
    }

    private static float? _lastCost;

    /// <summary>The cost shown by the progress that <c>next_batch</c> drives (Python labs: the last scalar loss fetched).</summary>
    internal static void ReportCost(float cost) => _lastCost = cost;
}
