using Bridge.Kernels;
using TorchSharp;
using static TorchSharp.torch;
using TTensor = TorchSharp.torch.Tensor;

namespace Bridge.Backend.Torch;

/// <summary>
/// Conv2D and its two gradients on libtorch's convolution. TF's values are NHWC with HWIO filters, libtorch's NCHW
/// with OIHW weights: each kernel permutes its operands in and its result out once (libtorch's CPU convolution
/// works on NCHW; the permutes are memory-bound and small next to the arithmetic at lab 11's sizes). TF's SAME
/// padding puts the odd row or column at the end, libtorch pads symmetrically: an asymmetric padding is applied
/// explicitly (constant zeros) before an unpadded convolution. Small convolutions (at most
/// <see cref="ManagedConvLimit"/> multiply-adds) run the managed direct loops on the tensors instead, so results on
/// small values do not depend on where the op was placed.
/// </summary>
internal sealed partial class TorchKernels
{
    /// <summary>Convolutions of at most this many multiply-adds run on the managed reference loops.</summary>
    internal const long ManagedConvLimit = 1 << 15;

    static TorchKernels()
    {
        Kernels[ConvOps.Conv2D] = (op, x) => [Conv2D(op, x[0], x[1])];
        Kernels[ConvOps.Conv2DBackpropInput] = (op, x) => [Conv2DBackpropInput(op, x[0], x[1], x[2])];
        Kernels[ConvOps.Conv2DBackpropFilter] = (op, x) => [Conv2DBackpropFilter(op, x[0], x[1], x[2])];
        Kernels[ConvOps.MaxPool] = (op, x) => [MaxPool(op, x[0])];
        Kernels[ConvOps.MaxPoolGrad] = (op, x) => [MaxPoolGrad(op, x[0], x[2])];
    }

    // Max pooling: the managed pass over the tensors' own NHWC memory (no permute, no copy across; one memory-bound
    // pass, and the managed kernel's routing of ties).
    private static TTensor MaxPool(Operation op, TTensor input)
    {
        var x = Contiguous(input);
        var g = ConvOps.PoolGeometry(op, x.shape);
        var y = empty([g.Batch, g.OutRows, g.OutCols, g.InDepth], x.dtype);
        if (y.numel() == 0) return y;
        if (x.dtype == ScalarType.Float32) ManagedKernels.MaxPool<float>(Span(x), g, Span(y));
        else ManagedKernels.MaxPool<double>(Doubles(x), g, Doubles(y));
        return y;
    }

    private static TTensor MaxPoolGrad(Operation op, TTensor input, TTensor grad)
    {
        TTensor x = Contiguous(input), dy = Contiguous(grad);
        var g = ConvOps.PoolGeometry(op, x.shape);
        var dx = empty(x.shape, x.dtype);
        if (dx.numel() == 0) return dx;
        if (x.dtype == ScalarType.Float32) ManagedKernels.MaxPoolGrad<float>(Span(x), Span(dy), g, Span(dx));
        else ManagedKernels.MaxPoolGrad<double>(Doubles(x), Doubles(dy), g, Doubles(dx));
        return dx;
    }

    private static Span<double> Doubles(TTensor t) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(t.bytes);

    private static long Macs(Window2D g) => (long)g.Batch * g.OutRows * g.OutCols * g.OutDepth * g.WinRows * g.WinCols * g.InDepth;

    private static long[] IntValues(TTensor t) => Array.ConvertAll(t.to_type(ScalarType.Int64).data<long>().ToArray(), v => v);

    // The managed loops on copies of the tensors' values (small sizes only).
    private static TTensor Managed(Func<NDArray[], NDArray> f, params TTensor[] x)
    {
        var conv = new TorchKernels();
        return conv.FromNDArray(f(Array.ConvertAll(x, conv.ToNDArray)));
    }

    private static TTensor Conv2D(Operation op, TTensor input, TTensor filter)
    {
        var g = ConvOps.Geometry(op, input.shape, filter.shape);
        if (Macs(g) <= ManagedConvLimit) return Managed(v => ManagedKernels.Conv2D(v[0], v[1], g), input, filter);
        var a = (ConvAttr)op.Attr!;
        var x = Pad(input.permute(0, 3, 1, 2), g, a);
        var w = filter.permute(3, 2, 0, 1);
        using var y = nn.functional.conv2d(x, w, strides: [a.StrideRows, a.StrideCols], dilation: [a.DilationRows, a.DilationCols]);
        FreePadded(x, g, a);
        return NHWC(y);
    }

    // The NCHW result as a fresh NHWC tensor; intermediates are freed at once (not when the run ends), so that a large
    // evaluation batch (lab 11's 10000 test images) holds one copy of each activation, not three.
    private static TTensor NHWC(TTensor nchw)
    {
        using var view = nchw.permute(0, 2, 3, 1);
        return view.contiguous();
    }

    private static void FreePadded(TTensor x, Window2D g, ConvAttr a)
    {
        if (a.Same && PaddedSize(g, a) is var (p, _, _) && (p.rows != g.InRows || p.cols != g.InCols)) x.Dispose();
    }

    private static TTensor Conv2DBackpropInput(Operation op, TTensor sizes, TTensor filter, TTensor dy)
    {
        var inputDims = ConvOps.Sizes(op, IntValues(sizes), "input_sizes");
        var g = ConvOps.Geometry(op, inputDims, filter.shape, dy.shape);
        if (Macs(g) <= ManagedConvLimit) return Managed(v => ManagedKernels.Conv2DBackpropInput(v[0], v[1], g), filter, dy);
        var a = (ConvAttr)op.Attr!;
        var (padded, _, _) = PaddedSize(g, a);
        // The transposed convolution of dy gives the gradient of the padded input's rows (oh - 1) * s + extent; the
        // output padding adds the rows the last window did not reach (fewer than the stride), then the padding is cut.
        long fullRows = (g.OutRows - 1L) * a.StrideRows + (g.WinRows - 1L) * a.DilationRows + 1;
        long fullCols = (g.OutCols - 1L) * a.StrideCols + (g.WinCols - 1L) * a.DilationCols + 1;
        var d = dy.permute(0, 3, 1, 2);
        var w = filter.permute(3, 2, 0, 1);
        long extraRows = padded.rows - fullRows, extraCols = padded.cols - fullCols;
        TTensor dx;
        if (extraRows < Math.Max(a.StrideRows, a.DilationRows) && extraCols < Math.Max(a.StrideCols, a.DilationCols))
            dx = nn.functional.conv_transpose2d(d, w, strides: [a.StrideRows, a.StrideCols], output_padding: [extraRows, extraCols],
                dilation: [a.DilationRows, a.DilationCols]);
        else
        {
            var part = nn.functional.conv_transpose2d(d, w, strides: [a.StrideRows, a.StrideCols], dilation: [a.DilationRows, a.DilationCols]);
            dx = nn.functional.pad(part, [0, extraCols, 0, extraRows]);
        }
        using var full = dx;
        using var cut = dx.narrow(2, g.PadTop, g.InRows).narrow(3, g.PadLeft, g.InCols);
        return NHWC(cut);
    }

    private static TTensor Conv2DBackpropFilter(Operation op, TTensor input, TTensor sizes, TTensor dy)
    {
        var filterDims = ConvOps.Sizes(op, IntValues(sizes), "filter_sizes");
        var g = ConvOps.Geometry(op, input.shape, filterDims, dy.shape);
        if (Macs(g) <= ManagedConvLimit) return Managed(v => ManagedKernels.Conv2DBackpropFilter(v[0], v[1], g), input, dy);
        var a = (ConvAttr)op.Attr!;
        // df[fy, fx, c, o] = sum over (b, oy, ox) of xpad[b, c, oy*s + fy*d, ox*s + fx*d] * dy[b, o, oy, ox]: a convolution
        // of the padded input with the batch as its channels (C, B, H, W) and dy as the weights (O, B, oh, ow), with the
        // roles of stride and dilation swapped; its first filter_height x filter_width outputs are the gradient.
        var padded = Pad(input.permute(0, 3, 1, 2), g, a);
        var x = padded.transpose(0, 1);
        var w = dy.permute(3, 0, 1, 2);
        using var df = nn.functional.conv2d(x, w, strides: [a.DilationRows, a.DilationCols], dilation: [a.StrideRows, a.StrideCols]);
        FreePadded(padded, g, a);
        using var cut = df.narrow(2, 0, g.WinRows).narrow(3, 0, g.WinCols);
        using var hwio = cut.permute(2, 3, 0, 1);
        return hwio.contiguous();
    }

    private static ((long rows, long cols) padded, long bottom, long right) PaddedSize(Window2D g, ConvAttr a)
    {
        var (_, top, bottom) = Window2D.Size(g.InRows, g.WinRows, a.StrideRows, a.DilationRows, a.Same);
        var (_, left, right) = Window2D.Size(g.InCols, g.WinCols, a.StrideCols, a.DilationCols, a.Same);
        return ((g.InRows + top + bottom, g.InCols + left + right), bottom, right);
    }

    // TF's padding, zeros before and after (the extra one after), on an NCHW tensor.
    private static TTensor Pad(TTensor nchw, Window2D g, ConvAttr a)
    {
        if (!a.Same) return nchw;
        var (_, bottom, right) = PaddedSize(g, a);
        if (g.PadTop == 0 && g.PadLeft == 0 && bottom == 0 && right == 0) return nchw;
        return nn.functional.pad(nchw, [g.PadLeft, right, g.PadTop, bottom]);
    }
}
