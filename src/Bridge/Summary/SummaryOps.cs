namespace Bridge;

/// <summary>Host-side evaluation of the summary ops: their values are serialized Summary protobufs (TF_STRING scalars).</summary>
internal static class SummaryOps
{
    public static NDArray Evaluate(Operation op, NDArray[] inputs)
    {
        byte[] bytes = op.Kind switch
        {
            OpKind.ScalarSummary => Scalar(op, inputs[0]),
            OpKind.HistogramSummary => SummaryProto.Histogram(((SummaryAttr)op.Attr!).Tag, Doubles(inputs[0]), op.name),
            _ => SummaryProto.Merge(inputs.Select(i => i.Data<byte[]>()[0])),
        };
        return new NDArray(new[] { bytes }, []);
    }

    private static byte[] Scalar(Operation op, NDArray value)
    {
        if (value.size != 1)
            throw new InvalidArgumentError($"tf.summary.scalar '{op.name}': the value must be a scalar, but its shape is {value.shape}. - help: summarise tf.reduce_mean(x) or one element.");
        return SummaryProto.Scalar(((SummaryAttr)op.Attr!).Tag, (float)value.GetDouble(0));
    }

    private static double[] Doubles(NDArray a)
    {
        var d = new double[a.size];
        for (long i = 0; i < d.Length; i++) d[i] = a.GetDouble(i);
        return d;
    }
}
