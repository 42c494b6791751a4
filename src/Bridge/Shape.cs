namespace Bridge;

/// <summary>
/// A static shape: dimensions, where -1 stands for an unknown dimension (None). Prints as a Python tuple:
/// <c>(4, 3)</c>, <c>(7,)</c>, <c>()</c>, with <c>None</c> for unknown dimensions.
/// </summary>
public sealed class Shape : IEquatable<Shape>
{
    private readonly long[] _dims;

    public Shape(params long[] dims) => _dims = (long[])dims.Clone();
    public Shape(params int[] dims) => _dims = Array.ConvertAll(dims, d => (long)d);

    public static Shape Scalar { get; } = new(Array.Empty<long>());

    /// <summary>The dimensions; -1 for unknown.</summary>
    public long[] dims => (long[])_dims.Clone();
    internal ReadOnlySpan<long> Dims => _dims;
    public int ndim => _dims.Length;
    public int rank => _dims.Length;
    public bool IsScalar => _dims.Length == 0;
    public bool IsFullyDefined => Array.TrueForAll(_dims, d => d >= 0);

    /// <summary>Number of elements (product of the dimensions); -1 when a dimension is unknown.</summary>
    public long size
    {
        get
        {
            long n = 1;
            foreach (var d in _dims)
            {
                if (d < 0) return -1;
                n *= d;
            }
            return n;
        }
    }

    public long this[int i] => _dims[i < 0 ? i + _dims.Length : i];

    public int[] as_int_list() => Array.ConvertAll(_dims, d => (int)d);

    public static implicit operator Shape(int d) => new(d);
    public static implicit operator Shape(long d) => new(d);
    public static implicit operator Shape(int[] dims) => new(dims);
    public static implicit operator Shape(long[] dims) => new(dims);

    /// <summary>Python's <c>[None, 3]</c>: null is an unknown dimension.</summary>
    public static implicit operator Shape(int?[] dims) => new(Array.ConvertAll(dims, d => d is null ? -1L : d.Value));
    public static implicit operator Shape((int, int) d) => new(d.Item1, d.Item2);
    public static implicit operator Shape((int, int, int) d) => new(d.Item1, d.Item2, d.Item3);
    public static implicit operator Shape((int, int, int, int) d) => new(d.Item1, d.Item2, d.Item3, d.Item4);
    public static implicit operator int[](Shape s) => s.as_int_list();
    public static implicit operator long[](Shape s) => s.dims;

    /// <summary>Python tuple form: <c>(2, 3)</c>, <c>(7,)</c>, <c>()</c>, <c>(None, 3)</c>.</summary>
    public override string ToString()
    {
        var parts = Array.ConvertAll(_dims, d => d < 0 ? "None" : d.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return _dims.Length == 1 ? $"({parts[0]},)" : "(" + string.Join(", ", parts) + ")";
    }

    /// <summary>TF's list form used in error messages: <c>[?, 3]</c>.</summary>
    internal string ToTfString() => "[" + string.Join(", ", Array.ConvertAll(_dims, d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";

    public bool Equals(Shape? other) => other is not null && _dims.AsSpan().SequenceEqual(other._dims);
    public override bool Equals(object? obj) => obj switch
    {
        Shape s => Equals(s),
        int[] a => Equals(new Shape(a)),
        long[] a => Equals(new Shape(a)),
        _ => false,
    };
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var d in _dims) h.Add(d);
        return h.ToHashCode();
    }
    public static bool operator ==(Shape? a, Shape? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(Shape? a, Shape? b) => !(a == b);
}
