using System.Globalization;

namespace Bridge;

/// <summary>numpy's IntegerFormat: every integer right-aligned to the width of the longest of max and min.</summary>
internal sealed class IntegerFormatter : IElementFormatter
{
    private readonly NDArray _a;
    private readonly int _width;

    public IntegerFormatter(NDArray a, long[] shown)
    {
        _a = a;
        if (shown.Length == 0) return;
        long max = long.MinValue, min = long.MaxValue;
        foreach (var i in shown)
        {
            long v = a.GetInt64(i);
            if (v > max) max = v;
            if (v < min) min = v;
        }
        _width = Math.Max(Text(max).Length, Text(min).Length);
    }

    private static string Text(long v) => v.ToString(CultureInfo.InvariantCulture);

    public string Format(long index) => Text(_a.GetInt64(index)).PadLeft(_width);
}

/// <summary>numpy's BoolFormat: " True" and "False" share one width inside arrays.</summary>
internal sealed class BoolFormatter(NDArray a) : IElementFormatter
{
    public string Format(long index) => a.GetBool(index) ? " True" : "False";
}
