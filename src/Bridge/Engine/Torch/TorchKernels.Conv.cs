using Bridge.Kernels;
using TorchSharp;
using static TorchSharp.torch;
using TTensor = TorchSharp.torch.Tensor;

namespace Bridge.Backend.Torch;

/// <summary>
/// Conv2D and its two gradients on libtorch's convolution, MaxPool, AvgPool and their gradients on its pooling. TF's values are
/// NHWC with HWIO filters, libtorch's NCHW with OIHW weights: an NHWC tensor permuted to NCHW is a channels_last tensor,
/// which oneDNN's convolution and libtorch's pooling read in place and answer in channels_last, so the result permuted
/// back to NHWC is contiguous: no transpose copies (the views cost nothing; at lab 11-1's second layer a forward
/// convolution of contiguous NCHW copies measured 37 ms against 24 ms on the views, 2 threads, loaded machine). The
/// gradients are libtorch's own convolution backward (<see cref="LibtorchConvBackward"/>: oneDNN's backward-data and
/// backward-weights passes, which (b) and (c) of <c>bench cnn</c> run through autograd); where it is unavailable, a
/// transposed convolution and a convolution with the batch as channels. TF's SAME padding puts the odd row or column
/// at the end, libtorch pads symmetrically: a symmetric padding is libtorch's padding argument, an asymmetric one is
/// applied explicitly (constant zeros) before an unpadded convolution. Small convolutions (at most
/// <see cref="ManagedConvLimit"/> multiply-adds) run the managed direct loops on the tensors instead, so results on
/// small values do not depend on where the op was placed. Summation orders are oneDNN's (float32 gradients differ
/// from the managed loops' in the last places; ConvOpsTests bound the difference).
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
        Kernels[ConvOps.MaxPoolGrad] = (op, x) => [MaxPoolGrad(op, x[0], x[1], x[2])];
        Kernels[ConvOps.AvgPool] = (op, x) => [AvgPool(op, x[0])];
        Kernels[ConvOps.AvgPoolGrad] = (op, x) => [AvgPoolGrad(op, x[0], x[1])];
    }

    // Max pooling on libtorch's max_pool2d over the NHWC tensor seen as channels_last NCHW (no copy in or out). Its
    // windows keep the first maximum in row-major order (a later value replaces the running maximum only when larger),
    // as TF's CPU kernel, so the maxima and MaxPoolGrad's routing of ties are TF's. NaN is where they part: libtorch's
    // window takes a NaN anywhere, TF's `>` skips it (unless it comes first); so a result with a NaN (which a NaN in
    // some window gives, and only that) is computed again by the managed pass, TF's comparison on the tensor's memory.
    //
    // Inside a session's run (Run set), a pooling up to IndicesLimit outputs also keeps its arg-max indices for the
    // run: MaxPoolGrad(orig_input, orig_output, grad) whose orig_input and orig_output are the very tensors of that
    // pooling, with the same attributes, routes with them instead of pooling again (lab 11-1: a fifth of a step). The
    // indices are those the pooling again would compute (same input, same call), so the gradient is the same; a result
    // with a NaN keeps none (the managed passes decide there), and anything else falls back to pooling again.

    /// <summary>Poolings with more outputs than this keep no indices (a 10000-image evaluation: 6.3M outputs, 50 MB of int64).</summary>
    internal const long IndicesLimit = 1 << 22;

    /// <summary>MaxPoolGrads that routed with their pooling's kept indices (tests).</summary>
    internal static long IndicesReused;

    private static TTensor MaxPool(Operation op, TTensor input)
    {
        var x = Contiguous(input);
        var g = ConvOps.PoolGeometry(op, x.shape);
        long outputs = (long)g.Batch * g.OutRows * g.OutCols * g.InDepth;
        if (outputs == 0) return empty([g.Batch, g.OutRows, g.OutCols, g.InDepth], x.dtype);
        if (LibtorchPooling(op, g) is var (padding, ceil))
        {
            var a = (PoolAttr)op.Attr!;
            using var nchw = x.permute(0, 3, 1, 2);
            if (Run is { } run && outputs <= IndicesLimit)
            {
                var (pooled, indices) = nn.functional.max_pool2d_with_indices(nchw, [a.WinRows, a.WinCols], [a.StrideRows, a.StrideCols], padding, [1, 1], ceil);
                using (pooled)
                using (indices)
                {
                    var r = NHWC(pooled);
                    if (!HasNaN(r))
                    {
                        run.KeepIndices(new PoolingIndices(r, input, a, NHWC(indices)));
                        return r;
                    }
                    r.Dispose();
                }
            }
            else
            {
                using var pooled = nn.functional.max_pool2d(nchw, [a.WinRows, a.WinCols], [a.StrideRows, a.StrideCols], padding, [1, 1], ceil);
                var y = NHWC(pooled);
                if (!HasNaN(y)) return y;
                y.Dispose();
            }
        }
        return ManagedMaxPool(x, g);
    }

    /// <summary>A max pooling's result, its input, attributes and arg-max indices (NHWC, row * width + column), kept for one run.</summary>
    internal sealed record PoolingIndices(TTensor Pooled, TTensor Input, PoolAttr Attr, TTensor Indices);

    private static TTensor ManagedMaxPool(TTensor x, Window2D g)
    {
        var y = empty([g.Batch, g.OutRows, g.OutCols, g.InDepth], x.dtype);
        if (x.dtype == ScalarType.Float32) ManagedKernels.MaxPool<float>(Span(x), g, Span(y));
        else ManagedKernels.MaxPool<double>(Doubles(x), g, Doubles(y));
        return y;
    }

    private static TTensor MaxPoolGrad(Operation op, TTensor input, TTensor output, TTensor grad)
    {
        TTensor x = Contiguous(input), dy = Contiguous(grad);
        var g = ConvOps.PoolGeometry(op, x.shape);
        ConvOps.RequirePooledGradient(op, x.shape, dy.shape, g);
        var dx = x.dtype == ScalarType.Float32 ? FloatOutput(x.shape) : zeros(x.shape, x.dtype);
        if (x.dtype == ScalarType.Float32) dx.zero_();
        if (dx.numel() == 0 || dy.numel() == 0) return dx;
        if (Run?.IndicesOf(output, input, (PoolAttr)op.Attr!) is { } kept)
        {
            Interlocked.Increment(ref IndicesReused);
            Route(kept, dy, g, dx);
            return dx;
        }
        if (LibtorchPooling(op, g) is var (padding, ceil))
        {
            // The arg-max of each window (its flat row * width + column in the image), then each output's gradient added
            // there, in the managed pass's order (outputs in row-major order).
            var a = (PoolAttr)op.Attr!;
            using var nchw = x.permute(0, 3, 1, 2);
            var (pooled, indices) = nn.functional.max_pool2d_with_indices(nchw, [a.WinRows, a.WinCols], [a.StrideRows, a.StrideCols], padding, [1, 1], ceil);
            using (pooled)
            using (indices)
            {
                bool nan;
                using (var y = NHWC(pooled)) nan = HasNaN(y);
                if (!nan)
                {
                    using var at = NHWC(indices);
                    Route(at, dy, g, dx);
                    return dx;
                }
            }
        }
        if (x.dtype == ScalarType.Float32) ManagedKernels.MaxPoolGrad<float>(Span(x), Span(dy), g, Span(dx));
        else ManagedKernels.MaxPoolGrad<double>(Doubles(x), Doubles(dy), g, Doubles(dx));
        return dx;
    }

    // Average pooling on libtorch's avg_pool2d over the channels_last views, count_include_pad false: a window's sum
    // over its elements inside the image divided by their count, TF's SAME averaging (avgpooling_op.cc); the same
    // windows as max pooling (LibtorchPooling), else the managed pass.
    private static TTensor AvgPool(Operation op, TTensor input)
    {
        var x = Contiguous(input);
        var g = ConvOps.PoolGeometry(op, x.shape);
        if ((long)g.Batch * g.OutRows * g.OutCols * g.InDepth == 0) return empty([g.Batch, g.OutRows, g.OutCols, g.InDepth], x.dtype);
        if (LibtorchPooling(op, g) is not var (padding, ceil)) return Managed(v => ManagedKernels.AvgPool(v[0], g), x);
        var a = (PoolAttr)op.Attr!;
        using var nchw = x.permute(0, 3, 1, 2);
        using var pooled = nn.functional.avg_pool2d(nchw, [a.WinRows, a.WinCols], [a.StrideRows, a.StrideCols], padding, ceil, count_include_pad: false);
        return NHWC(pooled);
    }

    // AvgPoolGrad(orig_input_shape, grad): each output's gradient divided by its window's count inside the image, added
    // to those elements (libtorch's avg_pool2d_backward; it reads only the input's shape and layout).
    private static TTensor AvgPoolGrad(Operation op, TTensor sizes, TTensor grad)
    {
        var dims = IntValues(sizes);
        if (dims.Length != 4 || dims.Any(d => d < 0)) return Managed(v => ConvOps.AvgPoolGrad.Managed!(op, [v[0], v[1]])[0], sizes, grad);
        var g = ConvOps.PoolGeometry(op, dims);
        if (!grad.shape.SequenceEqual(new long[] { g.Batch, g.OutRows, g.OutCols, g.InDepth }))
            throw new InvalidArgumentError($"{op.RunTimeName}: AvgPoolGrad's grad has shape [{string.Join(", ", grad.shape)}], but pooling [{string.Join(", ", dims)}] gives [{g.Batch}, {g.OutRows}, {g.OutCols}, {g.InDepth}]. - help: pass the gradient of the AvgPool's output.");
        if (grad.numel() == 0 || dims.Any(d => d == 0) || LibtorchPooling(op, g) is not var (padding, ceil))
            return Managed(v => ManagedKernels.AvgPoolGrad(v[0], g), grad);
        var a = (PoolAttr)op.Attr!;
        using var shape = empty(dims, grad.dtype);
        using var x = shape.permute(0, 3, 1, 2);
        var dy = Contiguous(grad);
        using var d = dy.permute(0, 3, 1, 2);
        using var dx = nn.functional.avg_pool2d_backward(d, x, [a.WinRows, a.WinCols], [a.StrideRows, a.StrideCols], padding, ceil, count_include_pad: false);
        return NHWC(dx);
    }

    // The indices (int64 NHWC: channels_last as the pooling's result, so the view is contiguous) into RouteToMaxima.
    private static void Route(TTensor indices, TTensor dy, Window2D g, TTensor dx)
    {
        var where = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(indices.bytes);
        if (dx.dtype == ScalarType.Float32) RouteToMaxima<float>(where, Span(dy), g, Span(dx));
        else RouteToMaxima<double>(where, Doubles(dy), g, Doubles(dx));
    }

    // dx[b, at, c] += dy[b, oy, ox, c] for the arg-max `at` (row * width + column) of each output, dx zero before.
    private static void RouteToMaxima<T>(ReadOnlySpan<long> where, ReadOnlySpan<T> dy, Window2D g, Span<T> dx) where T : unmanaged, System.Numerics.INumber<T>
    {
        int C = g.InDepth;
        long plane = (long)g.InRows * g.InCols, outputs = (long)g.OutRows * g.OutCols * C;
        for (int b = 0; b < g.Batch; b++)
        {
            var w = where.Slice((int)(b * outputs), (int)outputs);
            var d = dy.Slice((int)(b * outputs), (int)outputs);
            var image = dx.Slice((int)(b * plane * C), (int)(plane * C));
            for (int j = 0, c = 0; j < w.Length; j++, c = c + 1 == C ? 0 : c + 1)
                image[(int)(w[j] * C + c)] += d[j];
        }
    }

    // libtorch's (padding, ceil_mode) whose windows are TF's: windows start at i * stride - TF's padding before, and
    // libtorch clips them to the image as TF skips its padding; so the padding before is TF's and the output size must
    // agree (ceil_mode covers TF's extra row or column at the end). Null when no choice agrees (the managed pass runs).
    private static (long[] padding, bool ceil)? LibtorchPooling(Operation op, Window2D g)
    {
        var a = (PoolAttr)op.Attr!;
        if (g.InRows == 0 || g.InCols == 0 || g.PadTop > a.WinRows / 2 || g.PadLeft > a.WinCols / 2) return null;
        foreach (var ceil in new[] { false, true })
            if (PooledSize(g.InRows, a.WinRows, a.StrideRows, g.PadTop, ceil) == g.OutRows && PooledSize(g.InCols, a.WinCols, a.StrideCols, g.PadLeft, ceil) == g.OutCols)
                return ([g.PadTop, g.PadLeft], ceil);
        return null;
    }

    // libtorch's pooling_output_shape (dilation 1).
    private static long PooledSize(long input, long window, long stride, long pad, bool ceil)
    {
        long numerator = input + 2 * pad - window + (ceil ? stride - 1 : 0);
        if (numerator < 0) return -1;
        long output = numerator / stride + 1;
        if (ceil && (output - 1) * stride >= input + pad) output--;
        return output;
    }

    // Whether a contiguous float tensor holds a NaN (one vectorized pass over its memory).
    private static bool HasNaN(TTensor t)
    {
        if (t.dtype == ScalarType.Float32) return HasNaN<float>(Span(t));
        return t.dtype == ScalarType.Float64 && HasNaN<double>(Doubles(t));
    }

    private static bool HasNaN<T>(ReadOnlySpan<T> v) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            var lanes = System.Runtime.InteropServices.MemoryMarshal.Cast<T, System.Numerics.Vector<T>>(v);
            foreach (var lane in lanes)
                if (!System.Numerics.Vector.EqualsAll(lane, lane)) return true;
            i = lanes.Length * System.Numerics.Vector<T>.Count;
        }
        for (; i < v.Length; i++)
            if (T.IsNaN(v[i])) return true;
        return false;
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
        // The NHWC input seen as NCHW is a channels_last tensor, which libtorch's convolution (oneDNN) reads as it is
        // and answers in channels_last: the result seen as NHWC again is contiguous, no copy either way.
        using var nchw = input.permute(0, 3, 1, 2);
        using var w = filter.permute(3, 2, 0, 1);
        if (SymmetricPadding(g, a) is var (rows, cols))
        {
            using var y = nn.functional.conv2d(nchw, w, strides: [a.StrideRows, a.StrideCols], padding: [rows, cols], dilation: [a.DilationRows, a.DilationCols]);
            return NHWC(y);
        }
        var x = Pad(nchw, g, a);
        using var yp = nn.functional.conv2d(x, w, strides: [a.StrideRows, a.StrideCols], dilation: [a.DilationRows, a.DilationCols]);
        FreePadded(x, g, a);
        return NHWC(yp);
    }

    // TF's padding when it is the same before and after (VALID; SAME with an even total), for libtorch's own padding
    // argument; null when TF puts one more row or column at the end than at the start.
    private static (long rows, long cols)? SymmetricPadding(Window2D g, ConvAttr a)
    {
        if (!a.Same) return (0, 0);
        var (_, bottom, right) = PaddedSize(g, a);
        return bottom == g.PadTop && right == g.PadLeft ? (g.PadTop, g.PadLeft) : null;
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
        if (LibtorchConvBackward.Available && dy.dtype is ScalarType.Float32 or ScalarType.Float64)
        {
            // libtorch's backward-data pass reads only the input's shape (and layout: channels_last, as the forward's).
            var (padded, _, _) = PaddedSize(g, a);
            var sym = SymmetricPadding(g, a);
            using var shape = empty([g.Batch, sym is null ? padded.rows : g.InRows, sym is null ? padded.cols : g.InCols, g.InDepth], dy.dtype);
            using var x = shape.permute(0, 3, 1, 2);
            using var d = dy.permute(0, 3, 1, 2);
            using var w = filter.permute(3, 2, 0, 1);
            var (dx, _) = LibtorchConvBackward.Gradients(d, x, w, (a.StrideRows, a.StrideCols), sym ?? (0, 0), (a.DilationRows, a.DilationCols), true, false);
            using var full = dx!;
            if (sym is not null) return NHWC(full);
            using var cut = full.narrow(2, g.PadTop, g.InRows).narrow(3, g.PadLeft, g.InCols);
            return NHWC(cut);
        }
        return TransposedConvolution(g, a, filter, dy);
    }

    // The input's gradient as a transposed convolution of dy (where libtorch's convolution backward is not available).
    private static TTensor TransposedConvolution(Window2D g, ConvAttr a, TTensor filter, TTensor dy)
    {
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
        if (LibtorchConvBackward.Available && input.dtype is ScalarType.Float32 or ScalarType.Float64)
        {
            // libtorch's backward-weights pass on the channels_last views; the OIHW result is copied into an HWIO tensor
            // (the filter's size, small). Only the weight's shape is read.
            var sym = SymmetricPadding(g, a);
            using var nchw = input.permute(0, 3, 1, 2);
            var x = sym is null ? Pad(nchw, g, a) : nchw;
            using var d = dy.permute(0, 3, 1, 2);
            using var shape = empty([g.WinRows, g.WinCols, g.InDepth, g.OutDepth], input.dtype);
            using var w = shape.permute(3, 2, 0, 1);
            var (_, dw) = LibtorchConvBackward.Gradients(d, x, w, (a.StrideRows, a.StrideCols), sym ?? (0, 0), (a.DilationRows, a.DilationCols), false, true);
            if (sym is null) FreePadded(x, g, a);
            using var oihw = dw!;
            var hwio = empty([g.WinRows, g.WinCols, g.InDepth, g.OutDepth], input.dtype);
            using (var view = hwio.permute(3, 2, 0, 1)) view.copy_(oihw);
            return hwio;
        }
        return BatchAsChannels(g, a, input, dy);
    }

    // The filter's gradient as a convolution (where libtorch's convolution backward is not available).
    private static TTensor BatchAsChannels(Window2D g, ConvAttr a, TTensor input, TTensor dy)
    {
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
