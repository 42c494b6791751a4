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
        var w = tf_output_redirect;
        w.Write(string.Join(" ", Array.ConvertAll(values, PyFormat.Str)));
        w.Write('\n');
    }

    /// <summary>Python's pprint.pprint: the repr of one value, then a newline.</summary>
    public static void pprint(object? value)
    {
        var w = tf_output_redirect;
        w.Write(PyFormat.Repr(value));
        w.Write('\n');
    }
}
