using System.Diagnostics;

namespace Bridge;

/// <summary>
/// A one-line progress display for long training loops (epoch, step, cost, time left), drawn on stderr only when
/// both stdout and stderr are an interactive terminal: when output is redirected (tests, `bridge check`, a pipe),
/// nothing but the lab's own lines is printed. The library itself never writes progress unless a script asks.
/// </summary>
public sealed class TrainingProgress : IDisposable
{
    private readonly int _epochs, _stepsPerEpoch;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TextWriter? _out;
    private long _lastDraw = -1000;

    /// <summary>Progress over <paramref name="epochs"/> epochs of <paramref name="stepsPerEpoch"/> steps.</summary>
    public TrainingProgress(int epochs, int stepsPerEpoch, TextWriter? terminal = null)
    {
        _epochs = epochs;
        _stepsPerEpoch = stepsPerEpoch;
        _out = terminal ?? (Console.IsOutputRedirected || Console.IsErrorRedirected ? null : Console.Error);
    }

    /// <summary>Whether anything is drawn.</summary>
    public bool Visible => _out is not null;

    /// <summary>Reports a finished step (redrawn at most ten times a second).</summary>
    public void Step(int epoch, int step, float cost)
    {
        if (_out is null) return;
        long now = _clock.ElapsedMilliseconds;
        if (now - _lastDraw < 100) return;
        _lastDraw = now;
        double done = (double)epoch * _stepsPerEpoch + step + 1, total = (double)_epochs * _stepsPerEpoch;
        var left = TimeSpan.FromMilliseconds(now / done * (total - done));
        _out.Write($"\r  epoch {epoch + 1}/{_epochs}  step {step + 1}/{_stepsPerEpoch}  cost {cost:F6}  ETA {left:mm\\:ss}   ");
    }

    /// <summary>Clears the line (before the lab prints its own line).</summary>
    public void Clear()
    {
        if (_out is null) return;
        _out.Write("\r" + new string(' ', 70) + "\r");
        _lastDraw = -1000;
    }

    public void Dispose() => Clear();
}
