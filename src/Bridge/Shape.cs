namespace Bridge;

/// <summary>
/// A static shape, as TF 1.x's TensorShape: dimensions, where -1 stands for an unknown dimension (None), or an unknown
/// rank (<see cref="Unknown"/>, TF's <c>TensorShape(None)</c>). Prints as TF 1.x prints shapes: <c>(4, 3)</c>,
/// <c>(7,)</c>, <c>()</c>, <c>(?, 784)</c>, <c>&lt;unknown&gt;</c>.
/// </summary>
[Display.TypeFormatterSource(typeof(Display.NotebookFormatterSource))]
public sealed class Shape : IEquatable<Shape>
{
    private readonly long[]? _dims; // null: the rank is unknown

    public Shape(params long[] dims) => _dims = (long[])dims.Clone();
    public Shape(params int[] dims) => _dims = Array.ConvertAll(dims, d => (long)d);
    private Shape() => _dims = null;

    /// <summary>
    /// The tensor this shape came from when it was given as a tensor whose value is only known at run time (e.g.
    /// tf.shape of a placeholder): its dimensions are what is known when the graph is built (TF's
    /// constant_value_as_shape); tf.reshape, tf.zeros, tf.ones and tf.fill then read the tensor when the graph runs.
    /// </summary>
    internal Tensor? DynamicSource { get; init; }

    /// <summary>
    /// Whether this shape was given as a tensor (whose value may be known when the graph is built): TF 1.x's
    /// random ops then create no Const for the shape, which shifts the op ids their seeds come from.
    /// </summary>
    internal bool FromTensor { get; init; }

    /// <summary>The same dimensions from a shape tensor read at run time (see <see cref="DynamicSource"/>).</summary>
    internal static Shape Dynamic(Shape known, Tensor source) =>
        known.IsRankKnown ? new Shape(known.dims) { DynamicSource = source, FromTensor = true } : new Shape() { DynamicSource = source, FromTensor = true };

    public static Shape Scalar { get; } = new(Array.Empty<long>());

    /// <summary>A shape of unknown rank (TF's <c>TensorShape(None)</c>): a placeholder made without a shape has it.</summary>
    public static Shape Unknown { get; } = new();

    /// <summary>A shape of known rank whose dimensions are all unknown: <c>(?, ?)</c>.</summary>
    public static Shape OfRank(int rank) => new(Enumerable.Repeat(-1L, rank).ToArray());

    /// <summary>The dimensions; -1 for unknown. A ValueError when the rank is unknown (as TF's as_list()).</summary>
    public long[] dims => (long[])Known("dims").Clone();
    internal ReadOnlySpan<long> Dims => Known("dims");

    /// <summary>Whether the rank is known (TF: <c>shape.ndims is not None</c>).</summary>
    public bool IsRankKnown => _dims is not null;

    /// <summary>The rank; -1 when unknown (TF's <c>ndims</c> is None).</summary>
    public int ndim => _dims?.Length ?? -1;
    public int rank => ndim;
    public bool IsScalar => _dims is { Length: 0 };
    public bool IsFullyDefined => _dims is not null && Array.TrueForAll(_dims, d => d >= 0);

    /// <summary>TF's <c>as_list()</c>: the dimensions, null for unknown ones; a ValueError when the rank is unknown.</summary>
    public int?[] as_list() => Array.ConvertAll(Known("as_list()"), d => d < 0 ? (int?)null : (int)d);

    /// <summary>
    /// TF's <c>is_compatible_with</c>: the ranks agree where both are known, and so does every dimension known in both.
    /// </summary>
    public bool is_compatible_with(Shape other)
    {
        if (_dims is null || other._dims is null) return true;
        if (_dims.Length != other._dims.Length) return false;
        for (int i = 0; i < _dims.Length; i++)
            if (_dims[i] >= 0 && other._dims[i] >= 0 && _dims[i] != other._dims[i]) return false;
        return true;
    }

    /// <summary>TF's <c>merge_with</c>: what both shapes say (the known one where one is unknown); null if they conflict.</summary>
    internal Shape? MergeWith(Shape other)
    {
        if (!is_compatible_with(other)) return null;
        if (_dims is null) return other;
        if (other._dims is null) return this;
        return new Shape(_dims.Select((d, i) => d >= 0 ? d : other._dims[i]).ToArray());
    }

    private long[] Known(string what) => _dims ?? throw new ValueError(
        $"Shape.{what} is not defined on a shape of unknown rank. - help: check shape.IsRankKnown (Python: shape.ndims is not None) first, or give the placeholder a shape.");

    /// <summary>Number of elements (product of the dimensions); -1 when a dimension is unknown.</summary>
    public long size
    {
        get
        {
            if (_dims is null) return -1;
            long n = 1;
            foreach (var d in _dims)
            {
                if (d < 0) return -1;
                n *= d;
            }
            return n;
        }
    }

    public long this[int i] => Known("this[]")[i < 0 ? i + _dims!.Length : i];

    public int[] as_int_list() => Array.ConvertAll(Known("as_int_list()"), d => (int)d);

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

    /// <summary>TF 1.x's TensorShape form: <c>(2, 3)</c>, <c>(7,)</c>, <c>()</c>, <c>(?, 3)</c>, <c>&lt;unknown&gt;</c>.</summary>
    public override string ToString()
    {
        if (_dims is null) return "<unknown>";
        var parts = Array.ConvertAll(_dims, d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return _dims.Length == 1 ? $"({parts[0]},)" : "(" + string.Join(", ", parts) + ")";
    }

    /// <summary>TF's list form used in error messages: <c>[?, 3]</c>, or <c>&lt;unknown&gt;</c>.</summary>
    internal string ToTfString() => _dims is null ? "<unknown>"
        : "[" + string.Join(", ", Array.ConvertAll(_dims, d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";

    public bool Equals(Shape? other) => other is not null && (_dims is null ? other._dims is null : other._dims is not null && _dims.AsSpan().SequenceEqual(other._dims));
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
        if (_dims is null) return -1;
        foreach (var d in _dims) h.Add(d);
        return h.ToHashCode();
    }
    public static bool operator ==(Shape? a, Shape? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(Shape? a, Shape? b) => !(a == b);
}
