namespace Bridge;

/// <summary>
/// The <c>np</c> object: the parts of numpy the labs use. Arrays of C# doubles are float64 and of ints are int64,
/// as numpy on Linux makes them; printing follows <see cref="set_printoptions"/>.
/// </summary>
public sealed partial class NumPy
{
    internal NumPy() { }

    public readonly TF_DataType float32 = TF_DataType.TF_FLOAT;
    public readonly TF_DataType float64 = TF_DataType.TF_DOUBLE;
    public readonly TF_DataType int32 = TF_DataType.TF_INT32;
    public readonly TF_DataType int64 = TF_DataType.TF_INT64;
    public readonly TF_DataType uint8 = TF_DataType.TF_UINT8;
    public readonly TF_DataType @bool = TF_DataType.TF_BOOL;

    /// <summary>
    /// An array from a scalar, a C# array (double[], int[,], double[][], ...) or list. Without <paramref name="dtype"/>,
    /// doubles give float64, ints and longs int64, floats float32, bools bool. Ragged nesting is an error.
    /// </summary>
    public NDArray array(object value, TF_DataType dtype = TF_DataType.DtInvalid) =>
        ValueConverter.ToNDArray(value, ValueConverter.Rules.NumPy, dtype, "np.array");

    /// <summary>numpy's asarray: the same array if it already is one with that dtype.</summary>
    public NDArray asarray(object value, TF_DataType dtype = TF_DataType.DtInvalid) => array(value, dtype);

    /// <summary>0, 1, ..., stop-1 as int64.</summary>
    public NDArray arange(long stop) => new(Enumerable.Range(0, (int)stop).Select(i => (long)i).ToArray(), stop);

    /// <summary>Zeros (float64 by default, as numpy).</summary>
    public NDArray zeros(Shape shape, TF_DataType dtype = TF_DataType.TF_DOUBLE) => Filled(shape, dtype, 0);

    /// <summary>Ones (float64 by default, as numpy).</summary>
    public NDArray ones(Shape shape, TF_DataType dtype = TF_DataType.TF_DOUBLE) => Filled(shape, dtype, 1);

    // One typed array written once (no float64 copy of the whole value); a shape too large is ResourceExhaustedError.
    private static NDArray Filled(Shape shape, TF_DataType dtype, double v) =>
        Kernels.ManagedKernels.Full(shape.dims, FillAttr.Of(v, dtype, shape.dims), v == 0 ? "np.zeros" : "np.ones");

    /// <summary>Minimum over an axis (or all).</summary>
    public NDArray min(NDArray a, int? axis = null) => a.ReduceLanes("min", axis, l => l.Length == 0 ? throw new ValueError("np.min: zero-size array has no minimum.") : l.Min(), a.dtype);

    /// <summary>Maximum over an axis (or all).</summary>
    public NDArray max(NDArray a, int? axis = null) => a.ReduceLanes("max", axis, l => l.Length == 0 ? throw new ValueError("np.max: zero-size array has no maximum.") : l.Max(), a.dtype);

    /// <summary>Sum over an axis (or all); integer arrays sum as int64.</summary>
    public NDArray sum(NDArray a, int? axis = null) => a.ReduceLanes("sum", axis, l => l.Sum(), a.dtype.is_floating() ? a.dtype : TF_DataType.TF_INT64);

    /// <summary>Mean over an axis (or all); integer arrays give float64.</summary>
    public NDArray mean(NDArray a, int? axis = null) => a.ReduceLanes("mean", axis, l => l.Sum() / l.Length, a.dtype == TF_DataType.TF_FLOAT ? a.dtype : TF_DataType.TF_DOUBLE);

    /// <summary>Population standard deviation (ddof 0) over an axis (or all).</summary>
    public NDArray std(NDArray a, int? axis = null) => a.ReduceLanes("std", axis, l =>
    {
        double m = l.Sum() / l.Length;
        return Math.Sqrt(l.Sum(x => (x - m) * (x - m)) / l.Length);
    }, a.dtype == TF_DataType.TF_FLOAT ? a.dtype : TF_DataType.TF_DOUBLE);

    /// <summary>numpy's <c>swapaxes(a, axis1, axis2)</c> (a copy; see <see cref="NDArray.swapaxes"/>).</summary>
    public NDArray swapaxes(NDArray a, int axis1, int axis2) => a.swapaxes(axis1, axis2);

    /// <summary>numpy's <c>transpose(a, axes)</c>: axes reversed when none are given (a copy; see <see cref="NDArray.transpose"/>).</summary>
    public NDArray transpose(NDArray a, params int[] axes) => a.transpose(axes);

    /// <summary>Index of the largest value along an axis (or of the flattened array), int64.</summary>
    public NDArray argmax(NDArray a, int? axis = null) => a.ReduceLanes("argmax", axis, l => Array.IndexOf(l, l.Max()), TF_DataType.TF_INT64);

    /// <summary>
    /// numpy's set_printoptions. <paramref name="legacy"/>: "1.13" for numpy 1.13's format (as the 2017 labs printed),
    /// false to return to the modern format; null leaves it as it is. Other options as numpy's.
    /// </summary>
    public void set_printoptions(int? precision = null, int? threshold = null, int? edgeitems = null, int? linewidth = null,
        bool? suppress = null, object? legacy = null)
    {
        var o = PrintOptions.Current;
        bool legacy113 = legacy switch
        {
            null => o.Legacy113,
            "1.13" => true,
            false or "False" or "false" => false,
            _ => throw new ValueError($"np.set_printoptions: legacy must be \"1.13\" or false, not {PyFormat.Repr(legacy)}."),
        };
        PrintOptions.Current = o with
        {
            Precision = precision ?? o.Precision,
            Threshold = threshold ?? o.Threshold,
            EdgeItems = edgeitems ?? o.EdgeItems,
            LineWidth = linewidth ?? o.LineWidth,
            Suppress = suppress ?? o.Suppress,
            Legacy113 = legacy113,
        };
    }

    /// <summary>The print options in force.</summary>
    public PrintOptions get_printoptions() => PrintOptions.Current;
}
