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

    public static NDArray Merge(NDArray[] summaries) => Bytes(SummaryProto.Merge(summaries.Select(i => i.Data<byte[]>()[0])));

    private static NDArray Bytes(byte[] bytes) => new(new[] { bytes }, []);

    private static double[] Doubles(NDArray a)
    {
        var d = new double[a.size];
        for (long i = 0; i < d.Length; i++) d[i] = a.GetDouble(i);
        return d;
    }
}
