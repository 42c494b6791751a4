namespace Bridge.Summary;

/// <summary>Host-side evaluation of the summary ops: their values are serialized Summary protobufs (TF_STRING scalars).</summary>
internal static class SummaryOps
{
    public static NDArray Scalar(Operation op, NDArray value)
    {
        if (value.size != 1)
            throw new InvalidArgumentError($"tf.summary.scalar '{op.name}': the value must be a scalar, but its shape is {value.shape}. - help: summarise tf.reduce_mean(x) or one element.");
        return Bytes(SummaryProto.Scalar(((SummaryAttr)op.Attr!).Tag, (float)value.GetDouble(0)));
    }

    public static NDArray Histogram(Operation op, NDArray values) =>
        Bytes(SummaryProto.Histogram(((SummaryAttr)op.Attr!).Tag, Doubles(values), op.name));

    /// <summary>
    /// TF 1.x's ImageSummary kernel (core/kernels/summary_image_op.cc): the first min(max_images, batch) images of a
    /// [batch, height, width, channels] uint8 or float32 tensor, channels 1, 3 or 4, each PNG-encoded under the tag
    /// "tag/image/i" (or "tag/image" when max_images is 1). uint8 pixels are written as they are. Float images are
    /// mapped one by one into uint8 from the min and max of their finite pixels (a pixel with any non-finite channel
    /// takes TF's bad_color, red opaque: 255, 0, 0, 255, its first channels): all non-negative, x * (255 / max);
    /// otherwise x * (127 / max|x|) + 128; a max below 1e-6 scales by 0; then truncated to uint8, all in float32 as TF.
    /// </summary>
    public static NDArray Image(Operation op, NDArray tensor)
    {
        var attr = (ImageSummaryAttr)op.Attr!;
        var dims = tensor.Dims;
        if (dims.Length != 4 || (dims[3] != 1 && dims[3] != 3 && dims[3] != 4))
            throw new InvalidArgumentError($"tf.summary.image '{attr.Tag}': Tensor must be 4-D with last dim 1, 3, or 4, not {tensor.shape}. - help: pass images of shape [batch, height, width, channels], e.g. tf.reshape(x, [-1, 28, 28, 1]).");
        if (dims[0] >= 1L << 31 || dims[1] >= 1L << 31 || dims[2] >= 1L << 31 || dims[1] * dims[2] >= 1L << 29)
            throw new InvalidArgumentError($"tf.summary.image '{attr.Tag}': Tensor too large for summary {tensor.shape}. - help: summarise a smaller image (tf.image.resize_images) or a slice.");
        int batch = (int)dims[0], h = (int)dims[1], w = (int)dims[2], depth = (int)dims[3], hw = h * w;
        int n = Math.Min(attr.MaxImages, batch);
        var values = new List<byte[]>(n);
        var image = new byte[hw * depth];
        for (int i = 0; i < n; i++)
        {
            if (tensor.Storage is byte[] u8) Array.Copy(u8, (long)i * hw * depth, image, 0, image.Length);
            else NormalizeFloatImage(tensor.Data<float>().AsSpan(i * hw * depth, hw * depth), depth, image);
            string tag = attr.MaxImages > 1 ? $"{attr.Tag}/image/{i}" : $"{attr.Tag}/image";
            // An empty image (h or w 0) has no PNG form; TF's libpng call fails there too ("PNG encoding failed").
            if (hw == 0)
                throw new InvalidArgumentError($"tf.summary.image '{attr.Tag}': PNG encoding failed: the images of shape {tensor.shape} are empty. - help: summarise images with height and width of at least 1.");
            values.Add(SummaryProto.ImageValue(tag, h, w, depth, Png.Encode(image, w, h, depth)));
        }
        return Bytes(SummaryProto.OfValues(values));
    }

    /// <summary>TF's bad_color attr default: opaque red.</summary>
    private static readonly byte[] BadColor = [255, 0, 0, 255];

    internal static void NormalizeFloatImage(ReadOnlySpan<float> values, int depth, byte[] image)
    {
        int hw = values.Length / depth;
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        for (int i = 0; i < hw; i++)
        {
            var px = values.Slice(i * depth, depth);
            if (!AllFinite(px)) continue;
            foreach (float v in px) { min = Math.Min(min, v); max = Math.Max(max, v); }
        }
        const float kZeroThreshold = 1e-6f;
        float scale, offset;
        if (min < 0)
        {
            float maxVal = Math.Max(Math.Abs(min), Math.Abs(max));
            scale = maxVal < kZeroThreshold ? 0.0f : 127.0f / maxVal;
            offset = 128.0f;
        }
        else
        {
            scale = max < kZeroThreshold ? 0.0f : 255.0f / max;
            offset = 0.0f;
        }
        for (int i = 0; i < hw; i++)
        {
            var px = values.Slice(i * depth, depth);
            bool finite = AllFinite(px);
            for (int j = 0; j < depth; j++)
            {
                float product = px[j] * scale; // float32 rounding of each step, as Eigen's float expression
                image[i * depth + j] = finite ? (byte)(int)(product + offset) : BadColor[j];
            }
        }
    }

    private static bool AllFinite(ReadOnlySpan<float> px)
    {
        foreach (float v in px) if (!float.IsFinite(v)) return false;
        return true;
    }

    public static NDArray Merge(NDArray[] summaries) => Bytes(SummaryProto.Merge(summaries.Select(i => i.Data<byte[]>()[0])));

    private static NDArray Bytes(byte[] bytes) => new(new[] { bytes }, []);

    private static double[] Doubles(NDArray a)
    {
        var d = new double[a.size];
        for (long i = 0; i < d.Length; i++) d[i] = a.GetDouble(i);
        return d;
    }
}
