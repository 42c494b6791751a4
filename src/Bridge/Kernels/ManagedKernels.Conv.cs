using System.Numerics;

namespace Bridge.Kernels;

/// <summary>
/// The geometry of one 2-D window op on NHWC values (TF's Conv2D, MaxPool, AvgPool and their gradients): sizes,
/// strides, dilations and TF's padding before the first row and column (GetWindowedOutputSizeVerbose: the total
/// SAME padding halved, the extra row or column at the end).
/// </summary>
internal readonly record struct Window2D(
    int Batch, int InRows, int InCols, int InDepth,
    int WinRows, int WinCols, int OutRows, int OutCols, int OutDepth,
    int StrideRows, int StrideCols, int DilationRows, int DilationCols, int PadTop, int PadLeft)
{
    /// <summary>TF's output size and padding before, for one spatial dimension (the filter's dilated extent).</summary>
    public static (long output, long padBefore, long padAfter) Size(long input, long filter, int stride, int dilation, bool same)
    {
        long effective = (filter - 1) * dilation + 1;
        if (!same) return ((input - effective + stride) / stride, 0, 0);
        long output = (input + stride - 1) / stride;
        long needed = Math.Max(0, (output - 1) * stride + effective - input);
        return (output, needed / 2, needed - needed / 2);
    }

    public static Window2D Of(long[] input, int winRows, int winCols, int outDepth, int sh, int sw, int dh, int dw, bool same)
    {
        var (oh, pt, _) = Size(input[1], winRows, sh, dh, same);
        var (ow, pl, _) = Size(input[2], winCols, sw, dw, same);
        return new((int)input[0], (int)input[1], (int)input[2], (int)input[3], winRows, winCols, (int)Math.Max(0, oh), (int)Math.Max(0, ow),
            outDepth, sh, sw, dh, dw, (int)pt, (int)pl);
    }
}

// The convolution and pooling reference kernels: direct loops over NHWC values and HWIO filters (TF's layouts), in
// the input's float dtype. They are the test oracle for libtorch's kernels and run the small sizes (lab 11-0).
// A convolution sums each output's products in the filter's (row, column, in-channel) order, accumulating in the
// dtype (TF's Eigen contraction sums the same products; its blocking may order them differently, so float32
// results can differ from TF's in the last bits).
internal static partial class ManagedKernels
{
    internal static NDArray Conv2D(NDArray input, NDArray filter, Window2D g) => input.Storage is float[]
        ? new NDArray(Conv2D<float>((float[])input.Storage, (float[])filter.Storage, g), [g.Batch, g.OutRows, g.OutCols, g.OutDepth])
        : new NDArray(Conv2D<double>((double[])input.Storage, (double[])filter.Storage, g), [g.Batch, g.OutRows, g.OutCols, g.OutDepth]);

    internal static NDArray Conv2DBackpropInput(NDArray filter, NDArray dy, Window2D g) => dy.Storage is float[]
        ? new NDArray(Conv2DBackpropInput<float>((float[])filter.Storage, (float[])dy.Storage, g), [g.Batch, g.InRows, g.InCols, g.InDepth])
        : new NDArray(Conv2DBackpropInput<double>((double[])filter.Storage, (double[])dy.Storage, g), [g.Batch, g.InRows, g.InCols, g.InDepth]);

    internal static NDArray Conv2DBackpropFilter(NDArray input, NDArray dy, Window2D g) => dy.Storage is float[]
        ? new NDArray(Conv2DBackpropFilter<float>((float[])input.Storage, (float[])dy.Storage, g), [g.WinRows, g.WinCols, g.InDepth, g.OutDepth])
        : new NDArray(Conv2DBackpropFilter<double>((double[])input.Storage, (double[])dy.Storage, g), [g.WinRows, g.WinCols, g.InDepth, g.OutDepth]);

    /// <summary>What a convolution does at one tap: output pixel at <c>outBase</c> (its O channels), input pixel at <c>xBase</c> (its C channels), filter tap at <c>fBase</c> (C x O).</summary>
    private interface IConvTap
    {
        void Tap(long outBase, long xBase, long fBase);
    }

    /// <summary>
    /// Every (output pixel, filter tap) pair whose input pixel lies inside the image, in TF's geometry: input row
    /// oy * stride - pad_top + fy * dilation (columns alike); taps in the padding are skipped (zeros). The one place the
    /// three direct loops take their indices from.
    /// </summary>
    private static void Walk<TTap>(Window2D g, ref TTap tap) where TTap : struct, IConvTap
    {
        int C = g.InDepth, O = g.OutDepth;
        for (int b = 0; b < g.Batch; b++)
            for (int oy = 0; oy < g.OutRows; oy++)
                for (int ox = 0; ox < g.OutCols; ox++)
                {
                    long outBase = (((long)b * g.OutRows + oy) * g.OutCols + ox) * O;
                    for (int fy = 0; fy < g.WinRows; fy++)
                    {
                        int iy = oy * g.StrideRows - g.PadTop + fy * g.DilationRows;
                        if (iy < 0 || iy >= g.InRows) continue;
                        for (int fx = 0; fx < g.WinCols; fx++)
                        {
                            int ix = ox * g.StrideCols - g.PadLeft + fx * g.DilationCols;
                            if (ix < 0 || ix >= g.InCols) continue;
                            tap.Tap(outBase, (((long)b * g.InRows + iy) * g.InCols + ix) * C, ((long)fy * g.WinCols + fx) * C * O);
                        }
                    }
                }
    }

    /// <summary>y[b, oy, ox, oc] = sum over (fy, fx, ic) of x[b, oy*sh - top + fy*dh, ox*sw - left + fx*dw, ic] * f[fy, fx, ic, oc] (zeros outside).</summary>
    internal static T[] Conv2D<T>(T[] x, T[] f, Window2D g) where T : unmanaged, INumber<T>
    {
        var tap = new ForwardTap<T>(x, f, new T[(long)g.Batch * g.OutRows * g.OutCols * g.OutDepth], g.InDepth, g.OutDepth);
        Walk(g, ref tap);
        return tap.Y;
    }

    private readonly record struct ForwardTap<T>(T[] X, T[] F, T[] Y, int C, int O) : IConvTap where T : unmanaged, INumber<T>
    {
        public void Tap(long outBase, long xBase, long fBase)
        {
            var acc = Y.AsSpan((int)outBase, O);
            for (int c = 0; c < C; c++)
            {
                T v = X[xBase + c];
                var row = F.AsSpan((int)(fBase + (long)c * O), O);
                for (int o = 0; o < O; o++) acc[o] += v * row[o];
            }
        }
    }

    /// <summary>dx[b, iy, ix, ic] = sum over the outputs whose window covers (iy, ix) of dy[b, oy, ox, oc] * f[fy, fx, ic, oc].</summary>
    internal static T[] Conv2DBackpropInput<T>(T[] f, T[] dy, Window2D g) where T : unmanaged, INumber<T>
    {
        var tap = new InputGradTap<T>(f, dy, new T[(long)g.Batch * g.InRows * g.InCols * g.InDepth], g.InDepth, g.OutDepth);
        Walk(g, ref tap);
        return tap.Dx;
    }

    private readonly record struct InputGradTap<T>(T[] F, T[] Dy, T[] Dx, int C, int O) : IConvTap where T : unmanaged, INumber<T>
    {
        public void Tap(long outBase, long xBase, long fBase)
        {
            var grad = Dy.AsSpan((int)outBase, O);
            for (int c = 0; c < C; c++)
            {
                var row = F.AsSpan((int)(fBase + (long)c * O), O);
                T s = T.Zero;
                for (int o = 0; o < O; o++) s += grad[o] * row[o];
                Dx[xBase + c] += s;
            }
        }
    }

    /// <summary>df[fy, fx, ic, oc] = sum over (b, oy, ox) of x[b, oy*sh - top + fy*dh, ox*sw - left + fx*dw, ic] * dy[b, oy, ox, oc].</summary>
    internal static T[] Conv2DBackpropFilter<T>(T[] x, T[] dy, Window2D g) where T : unmanaged, INumber<T>
    {
        var tap = new FilterGradTap<T>(x, dy, new T[(long)g.WinRows * g.WinCols * g.InDepth * g.OutDepth], g.InDepth, g.OutDepth);
        Walk(g, ref tap);
        return tap.Df;
    }

    private readonly record struct FilterGradTap<T>(T[] X, T[] Dy, T[] Df, int C, int O) : IConvTap where T : unmanaged, INumber<T>
    {
        public void Tap(long outBase, long xBase, long fBase)
        {
            var grad = Dy.AsSpan((int)outBase, O);
            for (int c = 0; c < C; c++)
            {
                T v = X[xBase + c];
                var row = Df.AsSpan((int)(fBase + (long)c * O), O);
                for (int o = 0; o < O; o++) row[o] += v * grad[o];
            }
        }
    }

    // Pooling: windows never dilate; the window's rows and columns that fall in the padding are skipped.

    /// <summary>
    /// TF's MaxPool: the largest value of each window (padding never wins). <see cref="FirstMax{T}"/> picks the element:
    /// the first maximum in the window's row-major order, as TF's CPU kernels keep it (maxpooling_op.cc replaces the
    /// running maximum only when a value is larger), so MaxPoolGrad routes ties there. Spans: managed arrays or the
    /// engine's tensors' memory (one implementation for both sides).
    /// </summary>
    internal static void MaxPool<T>(ReadOnlySpan<T> x, Window2D g, Span<T> y) where T : unmanaged, INumber<T>
    {
        int C = g.InDepth;
        for (int b = 0; b < g.Batch; b++)
            for (int oy = 0; oy < g.OutRows; oy++)
                for (int ox = 0; ox < g.OutCols; ox++)
                {
                    long yBase = (((long)b * g.OutRows + oy) * g.OutCols + ox) * C;
                    for (int c = 0; c < C; c++) y[(int)(yBase + c)] = x[(int)FirstMax(x, g, b, oy, ox, c)];
                }
    }

    /// <summary>TF's MaxPoolGrad: each output's gradient added to the input element its maximum came from (ties: the first in row-major order).</summary>
    internal static void MaxPoolGrad<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Window2D g, Span<T> dx) where T : unmanaged, INumber<T>
    {
        dx.Clear();
        int C = g.InDepth;
        for (int b = 0; b < g.Batch; b++)
            for (int oy = 0; oy < g.OutRows; oy++)
                for (int ox = 0; ox < g.OutCols; ox++)
                {
                    long yBase = (((long)b * g.OutRows + oy) * g.OutCols + ox) * C;
                    for (int c = 0; c < C; c++)
                    {
                        long at = FirstMax(x, g, b, oy, ox, c);
                        dx[(int)at] += dy[(int)(yBase + c)];
                    }
                }
    }

    // The flat NHWC index of the first maximum of one window and channel (a window always holds an input element:
    // TF's padding is smaller than the window).
    private static long FirstMax<T>(ReadOnlySpan<T> x, Window2D g, int b, int oy, int ox, int c) where T : unmanaged, INumber<T>
    {
        var (y0, y1, x0, x1) = Valid(g, oy, ox);
        long at = -1;
        T best = T.Zero;
        for (int iy = y0; iy < y1; iy++)
            for (int ix = x0; ix < x1; ix++)
            {
                long i = (((long)b * g.InRows + iy) * g.InCols + ix) * g.InDepth + c;
                if (at < 0 || best < x[(int)i]) { best = x[(int)i]; at = i; }
            }
        return at;
    }

    internal static NDArray MaxPool(NDArray x, Window2D g)
    {
        long[] dims = [g.Batch, g.OutRows, g.OutCols, g.InDepth];
        switch (x.Storage)
        {
            case float[] f: { var y = new float[g.Batch * g.OutRows * g.OutCols * g.InDepth]; MaxPool<float>(f, g, y); return new NDArray(y, dims); }
            case double[] d: { var y = new double[g.Batch * g.OutRows * g.OutCols * g.InDepth]; MaxPool<double>(d, g, y); return new NDArray(y, dims); }
            default: throw new InvalidArgumentError($"MaxPool: no kernel for {x.dtype.as_numpy_name()}.");
        }
    }

    internal static NDArray MaxPoolGrad(NDArray x, NDArray dy, Window2D g)
    {
        if (x.Storage is float[] f)
        {
            var dx = new float[f.Length];
            MaxPoolGrad<float>(f, (float[])dy.Storage, g, dx);
            return new NDArray(dx, x.Dims.ToArray());
        }
        var xd = (double[])x.Storage;
        var dxd = new double[xd.Length];
        MaxPoolGrad<double>(xd, (double[])dy.Storage, g, dxd);
        return new NDArray(dxd, x.Dims.ToArray());
    }

    /// <summary>
    /// TF's AvgPool: each window's sum divided by the number of its elements inside the input (SAME padding averages
    /// over the valid elements only, as avgpooling_op.cc's SpatialAvgPool).
    /// </summary>
    internal static T[] AvgPool<T>(T[] x, Window2D g) where T : unmanaged, INumber<T>
    {
        int C = g.InDepth;
        var y = new T[(long)g.Batch * g.OutRows * g.OutCols * C];
        for (int b = 0; b < g.Batch; b++)
            for (int oy = 0; oy < g.OutRows; oy++)
                for (int ox = 0; ox < g.OutCols; ox++)
                {
                    var (y0, y1, x0, x1) = Valid(g, oy, ox);
                    long yBase = (((long)b * g.OutRows + oy) * g.OutCols + ox) * C;
                    T count = T.CreateChecked((y1 - y0) * (x1 - x0));
                    for (int c = 0; c < C; c++)
                    {
                        T s = T.Zero;
                        for (int iy = y0; iy < y1; iy++)
                            for (int ix = x0; ix < x1; ix++)
                                s += x[(((long)b * g.InRows + iy) * g.InCols + ix) * C + c];
                        y[yBase + c] = s / count;
                    }
                }
        return y;
    }

    /// <summary>TF's AvgPoolGrad: each output's gradient divided by its window's valid count, added to each valid element of the window.</summary>
    internal static T[] AvgPoolGrad<T>(T[] dy, Window2D g) where T : unmanaged, INumber<T>
    {
        int C = g.InDepth;
        var dx = new T[(long)g.Batch * g.InRows * g.InCols * C];
        for (int b = 0; b < g.Batch; b++)
            for (int oy = 0; oy < g.OutRows; oy++)
                for (int ox = 0; ox < g.OutCols; ox++)
                {
                    var (y0, y1, x0, x1) = Valid(g, oy, ox);
                    long yBase = (((long)b * g.OutRows + oy) * g.OutCols + ox) * C;
                    T count = T.CreateChecked((y1 - y0) * (x1 - x0));
                    for (int c = 0; c < C; c++)
                    {
                        T share = dy[yBase + c] / count;
                        for (int iy = y0; iy < y1; iy++)
                            for (int ix = x0; ix < x1; ix++)
                                dx[(((long)b * g.InRows + iy) * g.InCols + ix) * C + c] += share;
                    }
                }
        return dx;
    }

    internal static NDArray AvgPool(NDArray x, Window2D g) => x.Storage is float[] f
        ? new NDArray(AvgPool(f, g), [g.Batch, g.OutRows, g.OutCols, g.InDepth])
        : new NDArray(AvgPool((double[])x.Storage, g), [g.Batch, g.OutRows, g.OutCols, g.InDepth]);

    internal static NDArray AvgPoolGrad(NDArray dy, Window2D g) => dy.Storage is float[] f
        ? new NDArray(AvgPoolGrad(f, g), [g.Batch, g.InRows, g.InCols, g.InDepth])
        : new NDArray(AvgPoolGrad((double[])dy.Storage, g), [g.Batch, g.InRows, g.InCols, g.InDepth]);

    // The window's rows [y0, y1) and columns [x0, x1) inside the input.
    private static (int y0, int y1, int x0, int x1) Valid(Window2D g, int oy, int ox)
    {
        int y0 = oy * g.StrideRows - g.PadTop, x0 = ox * g.StrideCols - g.PadLeft;
        return (Math.Max(y0, 0), Math.Min(y0 + g.WinRows, g.InRows), Math.Max(x0, 0), Math.Min(x0 + g.WinCols, g.InCols));
    }
}
