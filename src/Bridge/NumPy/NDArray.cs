using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Bridge;

/// <summary>
/// A concrete n-dimensional array, as numpy's ndarray: the value <c>Session.run</c> and <c>eval()</c> return and
/// what <c>np</c> works on. Elements are stored row-major in one typed .NET array (float[], double[], int[],
/// long[], bool[], byte[], short[] or sbyte[]), or, for a large array fed from Python, in the caller's numpy buffer
/// for the duration of its run (<see cref="ForeignMemory"/>); indexing and slicing copy.
/// <c>ToString()</c> is numpy's <c>str</c>; <see cref="repr"/> is numpy's <c>repr</c>.
/// </summary>
[Display.TypeFormatterSource(typeof(Display.NotebookFormatterSource))]
public sealed partial class NDArray : IEnumerable<NDArray>, IFormattable
{
    /// <summary>
    /// The elements as a typed .NET array. For an array over lent memory (<see cref="IsBorrowed"/>, a large Python
    /// feed) this is a managed copy made on first use; the paths a large feed takes read <see cref="Values{T}"/> instead.
    /// </summary>
    internal Array Storage => _storage ?? (_storage = _lent!.Managed());

    private Array? _storage;
    private readonly ForeignMemory? _lent;
    private readonly long[] _dims;
    private readonly long _size;

    internal NDArray(Array storage, params long[] dims)
    {
        _storage = storage;
        _dims = dims;
        _size = storage.Length;
        dtype = DTypes.FromClrType(storage.GetType().GetElementType()!);
        if (dtype == TF_DataType.DtInvalid)
            throw new TypeError($"np.array: element type {storage.GetType().GetElementType()!.Name} is not supported. - help: use float, double, int, long, bool or byte.");
        long n = 1;
        foreach (var d in dims) n *= d;
        if (n != storage.Length)
            throw new ValueError($"np.array: {storage.Length} values do not fill shape {new Shape(dims)}.");
    }

    internal NDArray(Array storage, Shape shape) : this(storage, shape.dims) { }

    /// <summary>An array over memory lent for one run (see <see cref="ForeignMemory"/>); its elements are not copied.</summary>
    internal NDArray(ForeignMemory lent, long[] dims)
    {
        _lent = lent;
        _dims = dims;
        _size = lent.Length;
        dtype = lent.DType;
        long n = 1;
        foreach (var d in dims) n *= d;
        if (n != lent.Length)
            throw new ValueError($"np.array: {lent.Length} values do not fill shape {new Shape(dims)}.");
    }

    /// <summary>The element type.</summary>
    public TF_DataType dtype { get; }

    /// <summary>The dimensions as a Python-style tuple: prints <c>(4, 3)</c>.</summary>
    public Shape shape => new(_dims);
    internal ReadOnlySpan<long> Dims => _dims;

    /// <summary>Number of dimensions (rank).</summary>
    public int ndim => _dims.Length;

    /// <summary>Number of elements.</summary>
    public long size => _size;

    internal bool IsScalar => _dims.Length == 0;

    /// <summary>Whether the elements are memory lent for the current run (a large Python feed; see <see cref="ForeignMemory"/>).</summary>
    internal bool IsBorrowed => _lent is not null;

    /// <summary>
    /// The elements, read-only and without a copy: the storage, or the lent memory itself. <typeparamref name="T"/> is
    /// the dtype's element type (sbyte for int8, byte for uint8). A span over lent memory is valid during its run only.
    /// </summary>
    internal ReadOnlySpan<T> Values<T>() where T : unmanaged
    {
        if (dtype.ClrType() != typeof(T))
            throw new InvalidOperationException($"NDArray.Values<{typeof(T).Name}> on a {dtype.as_numpy_name()} array.");
        if (_storage is { } s) return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(s)), s.Length);
        return _lent!.Span<T>();
    }

    /// <summary>The same elements with other dimensions (a reshape's view): lent memory stays lent, nothing is copied.</summary>
    internal NDArray WithDims(long[] dims) => _storage is { } s ? new NDArray(s, dims) : new NDArray(_lent!, dims);

    /// <summary>
    /// This array, or for one over lent memory a copy of its own: what a value leaving its run (a variable's, a queue
    /// element, a fetched result) must be, so that nothing reads the caller's buffer after the run and nothing Bridge
    /// keeps shares storage with a view of it.
    /// </summary>
    internal NDArray Detached() => _lent is null ? this : new NDArray(_lent.FreshCopy(), _dims);

    /// <summary>Typed view of the storage; T must be the storage's element type.</summary>
    internal T[] Data<T>() => (T[])Storage;

    internal double GetDouble(long i) => Storage switch
    {
        float[] a => a[i],
        double[] a => a[i],
        int[] a => a[i],
        long[] a => a[i],
        bool[] a => a[i] ? 1 : 0,
        sbyte[] a when dtype == TF_DataType.TF_INT8 => a[i], // first, by dtype: the CLR lets a byte[] match sbyte[] and back
        byte[] a => a[i],
        short[] a => a[i],
        _ => throw new InvalidOperationException(),
    };

    internal long GetInt64(long i) => Storage switch
    {
        float[] a => (long)a[i],
        double[] a => (long)a[i],
        int[] a => a[i],
        long[] a => a[i],
        bool[] a => a[i] ? 1 : 0,
        sbyte[] a when dtype == TF_DataType.TF_INT8 => a[i], // first, by dtype: the CLR lets a byte[] match sbyte[] and back
        byte[] a => a[i],
        short[] a => a[i],
        _ => throw new InvalidOperationException(),
    };

    internal bool GetBool(long i) => Storage switch
    {
        bool[] a => a[i],
        _ => GetDouble(i) != 0,
    };

    /// <summary>A copy of the elements, flattened row-major, converted to T (float to integer truncates).</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        // The exact type: a byte[] also passes `is sbyte[]` (CLR array covariance), and its clone would stay a byte[].
        if (Storage.GetType() == typeof(T[])) return (T[])Storage.Clone();
        var result = new T[Storage.Length];
        for (long i = 0; i < result.Length; i++) result[i] = Convert<T>(i);
        return result;
    }

    private T Convert<T>(long i)
    {
        if (typeof(T) == typeof(float)) return (T)(object)(float)GetDouble(i);
        if (typeof(T) == typeof(double)) return (T)(object)GetDouble(i);
        if (Storage is float[] or double[] && typeof(T) != typeof(bool))
        {
            // A float to an integer as TF's (and numpy's, and libtorch's) compiled C++ casts do on x86-64: truncation by
            // cvttsd2si, whose NaN and out-of-range answer is the lowest value of its 32- or 64-bit register; narrower
            // types keep the low bits of the 32-bit result. (.NET's own casts saturate: NaN gave 0, 3e9 wrapped.)
            double v = GetDouble(i);
            if (typeof(T) == typeof(long))
                return (T)(object)(double.IsNaN(v) || v >= 9223372036854775808.0 || v < -9223372036854775808.0 ? long.MinValue : (long)v);
            int r = double.IsNaN(v) || v >= 2147483648.0 || v <= -2147483649.0 ? int.MinValue : (int)v;
            if (typeof(T) == typeof(int)) return (T)(object)r;
            if (typeof(T) == typeof(byte)) return (T)(object)unchecked((byte)r);
            if (typeof(T) == typeof(short)) return (T)(object)unchecked((short)r);
            if (typeof(T) == typeof(sbyte)) return (T)(object)unchecked((sbyte)r);
        }
        if (typeof(T) == typeof(int)) return (T)(object)(int)GetInt64(i);
        if (typeof(T) == typeof(long)) return (T)(object)GetInt64(i);
        if (typeof(T) == typeof(bool)) return (T)(object)GetBool(i);
        if (typeof(T) == typeof(byte)) return (T)(object)(byte)GetInt64(i);
        if (typeof(T) == typeof(short)) return (T)(object)(short)GetInt64(i);
        if (typeof(T) == typeof(sbyte)) return (T)(object)(sbyte)GetInt64(i);
        throw new TypeError($"NDArray.ToArray: element type {typeof(T).Name} is not supported.");
    }

    /// <summary>The single element of a size-1 array, as T.</summary>
    internal T Scalar<T>() where T : unmanaged
    {
        if (Storage.Length != 1)
            throw new ValueError($"NDArray: only a size-1 array converts to a scalar; this one has shape {shape}. - help: index it first, e.g. a[0].");
        return Convert<T>(0);
    }

    /// <summary>numpy's <c>repr</c>: <c>array([ 1.,  2.], dtype=float32)</c> (what pprint shows).</summary>
    public string repr() => NumPyPrinter.Repr(this);

    /// <summary>numpy's <c>str</c>: <c>[ 1.  2.]</c> (what print shows).</summary>
    public override string ToString() => NumPyPrinter.Str(this);

    /// <summary>
    /// What a Python f-string prints: <c>$"{a}"</c> is numpy's <c>format(a, "")</c>, the str of the array, except that a
    /// 0-d array (a fetched scalar, numpy's <c>np.float32</c>) is formatted as its Python item: a float as Python's
    /// float (<c>f"{cost}"</c> prints <c>5.699973826267524e-11</c>, the float32 value's shortest double repr, where
    /// <c>print(cost)</c> prints <c>5.699974e-11</c>), an int as an int, a bool as <c>True</c>/<c>False</c>. A format
    /// spec (<c>$"{cost:F3}"</c>) is .NET's, applied to that item with the invariant culture: Python's own specs
    /// (<c>.3f</c>) are not parsed.
    /// </summary>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        if (ndim != 0) return string.IsNullOrEmpty(format) ? ToString() : throw new ValueError($"NDArray: a format spec ('{format}') needs a 0-d array, this one has shape {shape}, as numpy's ndarray.__format__. - help: format its elements one by one, or leave the spec out.");
        if (dtype == TF_DataType.TF_BOOL) return GetDouble(0) != 0 ? "True" : "False";
        if (dtype.is_floating())
        {
            double d = GetDouble(0);
            return string.IsNullOrEmpty(format) ? ScalarFormatter.PythonFloat(d) : d.ToString(format, CultureInfo.InvariantCulture);
        }
        long v = Convert<long>(0);
        return string.IsNullOrEmpty(format) ? v.ToString(CultureInfo.InvariantCulture) : v.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>Iterates over the first axis, as numpy does.</summary>
    public IEnumerator<NDArray> GetEnumerator()
    {
        if (ndim == 0) throw new TypeError("iteration over a 0-d array. - help: read it with (float)a or a.item().");
        for (long i = 0; i < _dims[0]; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Element-wise equality of shape, dtype and values (NaN never equals NaN, as in numpy).</summary>
    public bool array_equal(NDArray other)
    {
        if (!Dims.SequenceEqual(other.Dims)) return false;
        for (long i = 0; i < size; i++)
            if (GetDouble(i) != other.GetDouble(i)) return false;
        return true;
    }

    internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
