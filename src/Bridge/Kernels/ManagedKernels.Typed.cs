using System.Numerics;

namespace Bridge.Kernels;

/// <summary>An element-wise binary function computed in the operands' own type (no detour through double).</summary>
internal interface IZip
{
    static abstract T Apply<T>(T x, T y) where T : unmanaged, INumber<T>;
}

/// <summary>An element-wise unary function computed in the operand's own type.</summary>
internal interface IMap
{
    static abstract T Apply<T>(T x) where T : unmanaged, INumber<T>;
}

/// <summary>An element-wise predicate (is_nan ...), bool results.</summary>
internal interface ITest
{
    static abstract bool Apply<T>(T x) where T : unmanaged, INumber<T>;
}

// Kernels that compute in each dtype's own arithmetic, with numpy broadcasting: integers wrap as TF's two's
// complement does and int64 keeps all 64 bits.
internal static partial class ManagedKernels
{
    internal static NDArray Zip<TOp>(NDArray a, NDArray b) where TOp : IZip => (a.Storage, b.Storage) switch
    {
        (float[] x, float[] y) => Zip<TOp, float>(a, b, x, y),
        (double[] x, double[] y) => Zip<TOp, double>(a, b, x, y),
        (int[] x, int[] y) => Zip<TOp, int>(a, b, x, y),
        (long[] x, long[] y) => Zip<TOp, long>(a, b, x, y),
        (short[] x, short[] y) => Zip<TOp, short>(a, b, x, y),
        // The dtype decides between byte[] and sbyte[]: the CLR lets either array match the other's type pattern.
        (sbyte[] x, sbyte[] y) when a.dtype == TF_DataType.TF_INT8 && b.dtype == TF_DataType.TF_INT8 => Zip<TOp, sbyte>(a, b, x, y),
        (byte[] x, byte[] y) when a.dtype == TF_DataType.TF_UINT8 && b.dtype == TF_DataType.TF_UINT8 => Zip<TOp, byte>(a, b, x, y),
        _ => throw new InvalidOperationException($"no typed kernel for {a.dtype.as_numpy_name()} and {b.dtype.as_numpy_name()}"),
    };

    private static NDArray Zip<TOp, T>(NDArray a, NDArray b, T[] x, T[] y) where TOp : IZip where T : unmanaged, INumber<T>
    {
        var (dims, ia, ib) = Broadcast(a, b);
        var r = new T[ia.Length];
        for (int i = 0; i < r.Length; i++) r[i] = TOp.Apply(x[ia[i]], y[ib[i]]);
        return new NDArray(r, dims);
    }

    internal static NDArray Map<TOp>(NDArray a) where TOp : IMap => a.Storage switch
    {
        float[] x => Map<TOp, float>(a, x),
        double[] x => Map<TOp, double>(a, x),
        int[] x => Map<TOp, int>(a, x),
        long[] x => Map<TOp, long>(a, x),
        short[] x => Map<TOp, short>(a, x),
        sbyte[] x when a.dtype == TF_DataType.TF_INT8 => Map<TOp, sbyte>(a, x), // see Zip: the dtype decides
        byte[] x when a.dtype == TF_DataType.TF_UINT8 => Map<TOp, byte>(a, x),
        _ => throw new InvalidOperationException($"no typed kernel for {a.dtype.as_numpy_name()}"),
    };

    private static NDArray Map<TOp, T>(NDArray a, T[] x) where TOp : IMap where T : unmanaged, INumber<T>
    {
        var r = new T[x.Length];
        for (int i = 0; i < r.Length; i++) r[i] = TOp.Apply(x[i]);
        return new NDArray(r, a.Dims.ToArray());
    }

    internal static NDArray Test<TOp>(NDArray a) where TOp : ITest => a.Storage switch
    {
        float[] x => Test<TOp, float>(a, x),
        double[] x => Test<TOp, double>(a, x),
        _ => throw new InvalidOperationException($"no typed kernel for {a.dtype.as_numpy_name()}"),
    };

    private static NDArray Test<TOp, T>(NDArray a, T[] x) where TOp : ITest where T : unmanaged, INumber<T>
    {
        var r = new bool[x.Length];
        for (int i = 0; i < r.Length; i++) r[i] = TOp.Apply(x[i]);
        return new NDArray(r, a.Dims.ToArray());
    }

    /// <summary>A bool function of two broadcast bool tensors (logical_and, logical_or).</summary>
    internal static NDArray Logical(NDArray a, NDArray b, Func<bool, bool, bool> f)
    {
        var (dims, ia, ib) = Broadcast(a, b);
        bool[] x = (bool[])a.Storage, y = (bool[])b.Storage;
        var r = new bool[ia.Length];
        for (int i = 0; i < r.Length; i++) r[i] = f(x[ia[i]], y[ib[i]]);
        return new NDArray(r, dims);
    }

    /// <summary>TF's Select: x where the condition holds, else y; a vector condition picks whole rows (its first dimension).</summary>
    internal static NDArray Select(NDArray condition, NDArray x, NDArray y)
    {
        var c = (bool[])condition.Storage;
        var r = Array.CreateInstance(x.Storage.GetType().GetElementType()!, x.size);
        long inner = condition.ndim == x.ndim ? 1 : x.size / Math.Max(1, c.Length);
        for (long i = 0; i < r.Length; i++)
            Array.Copy(c[i / inner] ? x.Storage : y.Storage, i, r, i, 1);
        return new NDArray(r, x.Dims.ToArray());
    }

    /// <summary>TF's Where with one argument: the coordinates of the true elements, int64 [count, rank], in row-major order.</summary>
    internal static NDArray Where(NDArray condition)
    {
        var c = (bool[])condition.Storage;
        int rank = condition.ndim;
        var strides = Shapes.ShapeAlgebra.Strides(condition.Dims);
        var coords = new List<long>();
        for (long i = 0; i < c.Length; i++)
        {
            if (!c[i]) continue;
            long rest = i;
            for (int d = 0; d < rank; d++) { coords.Add(rest / strides[d]); rest %= strides[d]; }
        }
        return new NDArray(coords.ToArray(), coords.Count / Math.Max(1, rank), rank);
    }
}
