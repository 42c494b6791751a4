namespace Bridge;

/// <summary>
/// Entry point of the facade: <c>using static Bridge.Binding;</c> brings <c>tf</c>, <c>np</c>, <c>print</c> and
/// <c>pprint</c> into scope, as <c>import tensorflow as tf; import numpy as np</c> does in the labs.
/// </summary>
public static partial class Binding
{
    /// <summary>Python's <c>None</c>, for shapes such as <c>new int?[] { None, 3 }</c>-style code ported from Python.</summary>
    public static readonly object? None = null;

    /// <summary>Where print and pprint write; Console.Out unless redirected (tests capture it).</summary>
    public static TextWriter tf_output_redirect
    {
        get => _output ?? Console.Out;
        set => _output = value;
    }

    [ThreadStatic] private static TextWriter? _output;

    /// <summary>Python's print: the arguments' str joined by one space, then a newline.</summary>
    public static void print(params object?[] values)
    {
        TrainingProgress.ClearShown(); // a progress line on the terminal goes before the lab's own line
        var w = tf_output_redirect;
        w.Write(string.Join(" ", Array.ConvertAll(values, PyFormat.Str)));
        w.Write('\n');
    }

    /// <summary>Python's pprint.pprint: the repr of one value, then a newline.</summary>
    public static void pprint(object? value)
    {
        TrainingProgress.ClearShown(); // a progress line on the terminal goes before the lab's own line
        var w = tf_output_redirect;
        w.Write(PyFormat.Pretty(value));
        w.Write('\n');
    }

    /// <summary>
    /// What a notebook shows for a cell's last expression (<c>Out[n]:</c>): IPython's pretty repr. Arrays show their
    /// repr; nested lists wrap at 79 columns as IPython wraps them.
    /// </summary>
    public static void display(object? value)
    {
        TrainingProgress.ClearShown(); // a progress line on the terminal goes before the lab's own line
        var w = tf_output_redirect;
        w.Write(PyFormat.IPythonPretty(value));
        w.Write('\n');
    }

    /// <summary>Python's zip of two sequences, as tuples: <c>foreach (var (x, y) in zip(a, b))</c>.</summary>
    public static IEnumerable<(T1, T2)> zip<T1, T2>(IEnumerable<T1> first, IEnumerable<T2> second) => first.Zip(second);

    /// <summary>Python's zip of three sequences.</summary>
    public static IEnumerable<(T1, T2, T3)> zip<T1, T2, T3>(IEnumerable<T1> first, IEnumerable<T2> second, IEnumerable<T3> third) =>
        first.Zip(second, third);

    /// <summary>Python's range(stop).</summary>
    public static IEnumerable<int> range(int stop) => Enumerable.Range(0, Math.Max(0, stop));

    /// <summary>Python's range(start, stop[, step]).</summary>
    public static IEnumerable<int> range(int start, int stop, int step = 1)
    {
        if (step == 0) throw new ValueError("range() arg 3 must not be zero");
        for (int i = start; step > 0 ? i < stop : i > stop; i += step) yield return i;
    }
}
