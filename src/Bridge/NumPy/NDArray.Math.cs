using Bridge.Shapes;

namespace Bridge;

// numpy arithmetic on NDArrays, computed in managed code: element-wise with broadcasting, and reductions.
// float32 results are computed in double and rounded once, which for + - * / equals float32 arithmetic.
public sealed partial class NDArray
{
    public static NDArray operator +(NDArray a, NDArray b) => Elementwise("+", a, b, (x, y) => x + y, (x, y) => x + y);
    public static NDArray operator -(NDArray a, NDArray b) => Elementwise("-", a, b, (x, y) => x - y, (x, y) => x - y);
    public static NDArray operator *(NDArray a, NDArray b) => Elementwise("*", a, b, (x, y) => x * y, (x, y) => x * y);
    public static NDArray operator /(NDArray a, NDArray b) => Elementwise("/", a, b, (x, y) => x / y, null);
    public static NDArray operator +(NDArray a, double b) => a + Scalar(b, a);
    public static NDArray operator -(NDArray a, double b) => a - Scalar(b, a);
    public static NDArray operator *(NDArray a, double b) => a * Scalar(b, a);
    public static NDArray operator /(NDArray a, double b) => a / Scalar(b, a);
    public static NDArray operator +(double a, NDArray b) => Scalar(a, b) + b;
    public static NDArray operator -(double a, NDArray b) => Scalar(a, b) - b;
    public static NDArray operator *(double a, NDArray b) => Scalar(a, b) * b;
    public static NDArray operator /(double a, NDArray b) => Scalar(a, b) / b;
    public static NDArray operator +(NDArray a, int b) => a + ScalarInt(b, a);
    public static NDArray operator -(NDArray a, int b) => a - ScalarInt(b, a);
    public static NDArray operator *(NDArray a, int b) => a * ScalarInt(b, a);
    public static NDArray operator /(NDArray a, int b) => a / ScalarInt(b, a);
    public static NDArray operator -(NDArray a) => Elementwise("-", a, ScalarInt(0, a), (x, _) => -x, (x, _) => -x);
    public static NDArray operator >(NDArray a, double b) => Compare(a, Scalar(b, a), (x, y) => x > y);
    public static NDArray operator <(NDArray a, double b) => Compare(a, Scalar(b, a), (x, y) => x < y);
    public static NDArray operator >=(NDArray a, double b) => Compare(a, Scalar(b, a), (x, y) => x >= y);
    public static NDArray operator <=(NDArray a, double b) => Compare(a, Scalar(b, a), (x, y) => x <= y);

    // Python floats meeting an array: numpy keeps a float array's dtype and turns integer arrays into float64.
    private static NDArray Scalar(double v, NDArray like) =>
        new(like.dtype.is_floating() ? (like.dtype == TF_DataType.TF_FLOAT ? new[] { (float)v } : new[] { v }) : (Array)new[] { v });

    // Python ints meeting an array keep the array's dtype (bool arrays become int64).
    private static NDArray ScalarInt(int v, NDArray like) => like.dtype switch
    {
        TF_DataType.TF_FLOAT => new NDArray(new[] { (float)v }),
        TF_DataType.TF_DOUBLE => new NDArray(new[] { (double)v }),
        TF_DataType.TF_INT32 => new NDArray(new[] { v }),
        _ => new NDArray(new[] { (long)v }),
    };

    /// <summary>numpy's result type of two arrays (no value-based casting).</summary>
    internal static TF_DataType Promote(TF_DataType a, TF_DataType b)
    {
        if (a == b) return a;
        if (a == TF_DataType.TF_BOOL) return b;
        if (b == TF_DataType.TF_BOOL) return a;
        if (a.is_floating() && b.is_floating()) return TF_DataType.TF_DOUBLE;
        if (a.is_floating() || b.is_floating())
        {
            var f = a.is_floating() ? a : b;
            var i = a.is_floating() ? b : a;
            // float32 holds int8/int16/uint8 exactly; wider ints need float64.
            return f == TF_DataType.TF_FLOAT && i is TF_DataType.TF_INT8 or TF_DataType.TF_INT16 or TF_DataType.TF_UINT8 ? f : TF_DataType.TF_DOUBLE;
        }
        return TF_DataType.TF_INT64;
    }

    private static NDArray Elementwise(string symbol, NDArray a, NDArray b, Func<double, double, double> f, Func<long, long, long>? fi)
    {
        var dtype = Promote(a.dtype, b.dtype);
        if (symbol == "/" && !dtype.is_floating()) dtype = TF_DataType.TF_DOUBLE; // true division
        var (dims, ia, ib) = BroadcastIndex(symbol, a, b);
        Array result;
        if (dtype.is_floating() || fi is null)
        {
            var r = new double[ia.Length];
            for (int k = 0; k < r.Length; k++) r[k] = f(a.GetDouble(ia[k]), b.GetDouble(ib[k]));
            result = dtype == TF_DataType.TF_FLOAT ? Array.ConvertAll(r, x => (float)x) : r;
        }
        else
        {
            var r = new long[ia.Length];
            for (int k = 0; k < r.Length; k++) r[k] = fi(a.GetInt64(ia[k]), b.GetInt64(ib[k]));
            result = r;
        }
        var nd = new NDArray(result, dims);
        return nd.dtype == dtype ? nd : ValueConverter.Cast(nd, dtype);
    }

    private static NDArray Compare(NDArray a, NDArray b, Func<double, double, bool> f)
    {
        var (dims, ia, ib) = BroadcastIndex("comparison", a, b);
        var r = new bool[ia.Length];
        for (int k = 0; k < r.Length; k++) r[k] = f(a.GetDouble(ia[k]), b.GetDouble(ib[k]));
        return new NDArray(r, dims);
    }

    /// <summary>numpy broadcasting: the result dims and, per result element, the source index in a and in b.</summary>
    private static (long[] dims, long[] ia, long[] ib) BroadcastIndex(string op, NDArray a, NDArray b)
    {
        if (!ShapeAlgebra.TryBroadcast(a._dims, b._dims, out var dims))
            throw new ValueError($"NDArray {op}: operands could not be broadcast together with shapes {a.shape} {b.shape}. - help: each dimension must match or be 1.");
        long count = ShapeAlgebra.ElementCount(dims);
        var ia = new long[count];
        var ib = new long[count];
        ShapeAlgebra.SourceIndices<long>(a._dims, dims, ia);
        ShapeAlgebra.SourceIndices<long>(b._dims, dims, ib);
        return (dims, ia, ib);
    }

    /// <summary>
    /// Reduces over one axis (or all when null) with <paramref name="f"/> over the double values of each lane.
    /// </summary>
    internal NDArray ReduceLanes(string fn, int? axis, Func<double[], double> f, TF_DataType outType)
    {
        if (axis is null)
        {
            var all = new double[size];
            for (long i = 0; i < size; i++) all[i] = GetDouble(i);
            return ValueConverter.Cast(new NDArray(new[] { f(all) }), outType);
        }
        int a = axis.Value < 0 ? axis.Value + ndim : axis.Value;
        if (a < 0 || a >= ndim)
            throw new ValueError($"np.{fn}: axis {axis} is out of bounds for an array of dimension {ndim}.");
        long outer = 1, inner = 1, len = _dims[a];
        for (int d = 0; d < a; d++) outer *= _dims[d];
        for (int d = a + 1; d < ndim; d++) inner *= _dims[d];
        var result = new double[outer * inner];
        var lane = new double[len];
        for (long o = 0; o < outer; o++)
            for (long i = 0; i < inner; i++)
            {
                for (long k = 0; k < len; k++) lane[k] = GetDouble((o * len + k) * inner + i);
                result[o * inner + i] = f(lane);
            }
        var dims = _dims.Where((_, d) => d != a).ToArray();
        return ValueConverter.Cast(new NDArray(result, dims), outType);
    }

    internal NDArray(Array storage) : this(storage, []) { }

    /// <summary>numpy's reshape (one dimension may be -1).</summary>
    public NDArray reshape(params long[] newShape)
    {
        long known = newShape.Where(d => d >= 0).Aggregate(1L, (x, y) => x * y);
        var dims = (long[])newShape.Clone();
        int unknown = Array.IndexOf(dims, -1L);
        if (unknown >= 0 && known > 0) dims[unknown] = size / known;
        if (dims.Aggregate(1L, (x, y) => x * y) != size)
            throw new ValueError($"NDArray.reshape: cannot reshape array of size {size} into shape {new Shape(newShape)}.");
        return new NDArray(Storage, dims);
    }

    /// <summary>numpy's reshape with int dimensions.</summary>
    public NDArray reshape(params int[] newShape) => reshape(Array.ConvertAll(newShape, d => (long)d));

    /// <summary>numpy's flatten(): the elements in row-major order as a new 1-D array (a copy, unlike reshape).</summary>
    public NDArray flatten() => new((Array)Storage.Clone(), size);

    /// <summary>numpy's astype.</summary>
    public NDArray astype(TF_DataType dtype) => ValueConverter.Cast(this, dtype);

    /// <summary>The single value of a size-1 array, as a C# scalar (numpy's item()).</summary>
    public object item() => Storage.GetValue(Item0())!;

    private long Item0() => size == 1 ? 0 : throw new ValueError($"NDArray.item: can only convert an array of size 1 to a scalar, this one has shape {shape}.");

    public static implicit operator NDArray(int v) => new(new[] { v });
    public static implicit operator NDArray(long v) => new(new[] { v });
    public static implicit operator NDArray(float v) => new(new[] { v });
    public static implicit operator NDArray(double v) => new(new[] { v });
    public static implicit operator NDArray(bool v) => new(new[] { v });
    public static implicit operator NDArray(int[] v) => new((int[])v.Clone(), v.Length);
    public static implicit operator NDArray(long[] v) => new((long[])v.Clone(), v.Length);
    public static implicit operator NDArray(float[] v) => new((float[])v.Clone(), v.Length);
    public static implicit operator NDArray(double[] v) => new((double[])v.Clone(), v.Length);
    public static implicit operator NDArray(bool[] v) => new((bool[])v.Clone(), v.Length);
    public static implicit operator NDArray(float[,] v) => ValueConverter.ToNDArray(v, ValueConverter.Rules.NumPy);
    public static implicit operator NDArray(double[,] v) => ValueConverter.ToNDArray(v, ValueConverter.Rules.NumPy);
    public static implicit operator NDArray(int[,] v) => ValueConverter.ToNDArray(v, ValueConverter.Rules.NumPy, TF_DataType.TF_INT32);

    public static explicit operator float(NDArray a) => a.Scalar<float>();
    public static explicit operator double(NDArray a) => a.Scalar<double>();
    public static explicit operator int(NDArray a) => a.Scalar<int>();
    public static explicit operator long(NDArray a) => a.Scalar<long>();
    public static explicit operator bool(NDArray a) => a.Scalar<bool>();
}
