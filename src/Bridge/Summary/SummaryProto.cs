namespace Bridge.Summary;

/// <summary>
/// Serialized TF <c>Summary</c> protobufs, byte-compatible with what TF 1.x's ScalarSummary,
/// HistogramSummary and MergeSummary ops output (the run-time value of <c>tf.summary.*</c> ops).
/// </summary>
/// <remarks>
/// Wire layout (tensorflow/core/framework/summary.proto):
/// <c>Summary { repeated Value value = 1; }</c>,
/// <c>Value { string tag = 1; oneof { float simple_value = 2; ...; HistogramProto histo = 5; ... } }</c>,
/// <c>HistogramProto { double min = 1; max = 2; num = 3; sum = 4; sum_squares = 5;
/// repeated double bucket_limit = 6 [packed]; repeated double bucket = 7 [packed]; }</c>.
/// </remarks>
internal static class SummaryProto
{
    private const int SummaryValueField = 1;
    private const int ValueTag = 1, ValueSimple = 2, ValueImage = 4, ValueHisto = 5, ValueAudio = 6, ValueTensor = 8;

    /// <summary>A Summary with one scalar value (TF's ScalarSummary with a scalar tag).</summary>
    public static byte[] Scalar(string tag, float value)
    {
        var v = new ProtoWriter();
        v.String(ValueTag, tag);
        // simple_value is a oneof member: protobuf writes it even when it is 0.
        v.Float(ValueSimple, value, always: true);
        return WrapValue(v.ToArray());
    }

    /// <summary>
    /// A Summary with one histogram of <paramref name="values"/>, bucketed exactly as TF's HistogramSummary.
    /// </summary>
    /// <param name="tag">The summary tag.</param>
    /// <param name="values">The values (any tensor, flattened, converted to double).</param>
    /// <param name="opName">The op name TF puts in the error for a non-finite value; defaults to the tag.</param>
    /// <exception cref="InvalidArgumentError">A value is NaN or infinite, as TF's op reports.</exception>
    public static byte[] Histogram(string tag, ReadOnlySpan<double> values, string? opName = null)
    {
        var h = new TfHistogram();
        foreach (double x in values)
        {
            if (double.IsNaN(x))
                throw new InvalidArgumentError(
                    $"Nan in summary histogram for: {opName ?? tag} - help: the values of tf.summary.histogram contain NaN; " +
                    "usually because training diverged; lower the learning rate, or keep log() and division away from 0");
            if (double.IsInfinity(x))
                throw new InvalidArgumentError(
                    $"Infinity in summary histogram for: {opName ?? tag} - help: the values of tf.summary.histogram contain inf; " +
                    "usually because training diverged; lower the learning rate, or keep log() and division away from 0");
            h.Add(x);
        }
        return HistogramSummary(tag, h.Encode());
    }

    /// <summary>A Summary with one histogram value holding <paramref name="histo"/> as given.</summary>
    public static byte[] HistogramSummary(string tag, HistogramData histo)
    {
        var p = new ProtoWriter();
        p.Double(1, histo.Min);
        p.Double(2, histo.Max);
        p.Double(3, histo.Num);
        p.Double(4, histo.Sum);
        p.Double(5, histo.SumSquares);
        p.PackedDoubles(6, histo.BucketLimit);
        p.PackedDoubles(7, histo.Bucket);

        var v = new ProtoWriter();
        v.String(ValueTag, tag);
        // A set oneof message is written even when empty.
        v.Bytes(ValueHisto, p.ToArray(), always: true);
        return WrapValue(v.ToArray());
    }

    /// <summary>A Summary.Value holding one encoded image (TF's ImageSummary writes one per batch element).</summary>
    public static byte[] ImageValue(string tag, int height, int width, int colorspace, byte[] encodedPng)
    {
        var i = new ProtoWriter();
        i.Int64(1, height);
        i.Int64(2, width);
        i.Int64(3, colorspace);
        i.Bytes(4, encodedPng);
        var v = new ProtoWriter();
        v.String(ValueTag, tag);
        v.Bytes(ValueImage, i.ToArray(), always: true);
        return v.ToArray();
    }

    /// <summary>A Summary of the given serialized values, in order.</summary>
    public static byte[] OfValues(IEnumerable<byte[]> values)
    {
        var s = new ProtoWriter();
        foreach (var v in values) s.Bytes(SummaryValueField, v, always: true);
        return s.ToArray();
    }

    /// <summary>
    /// TF's MergeSummary: one Summary holding the values of all inputs, in order. Rejects a
    /// non-empty tag seen twice, as TF does (TensorBoard would otherwise mix two series).
    /// </summary>
    /// <exception cref="InvalidArgumentError">An input does not parse, or a tag repeats.</exception>
    public static byte[] Merge(IEnumerable<byte[]> summaries)
    {
        var tags = new HashSet<string>(StringComparer.Ordinal);
        var output = new ProtoWriter();
        foreach (var summary in summaries)
        {
            try
            {
                var r = new ProtoReader(summary);
                while (r.TryRead(out var f))
                {
                    if (f.Number != SummaryValueField) continue;
                    var valueBytes = f.AsBytes();
                    string tag = ReadTag(valueBytes);
                    if (tag.Length > 0 && !tags.Add(tag))
                        throw new InvalidArgumentError(
                            $"Duplicate tag {tag} found in summary inputs - help: give each tf.summary op a distinct name " +
                            "(or wrap them in distinct tf.name_scope blocks) before tf.summary.merge / merge_all");
                    // Re-emitting each value as field 1 is what protobuf's merge of the inputs produces.
                    output.Bytes(SummaryValueField, valueBytes, always: true);
                }
            }
            catch (FormatException e)
            {
                throw new InvalidArgumentError(
                    "Could not parse one of the summary inputs - help: tf.summary.merge takes the string outputs of tf.summary ops " +
                    $"(serialized Summary protobufs); this input is not one ({e.Message})", e);
            }
        }
        return output.ToArray();
    }

    private static string ReadTag(ReadOnlySpan<byte> value)
    {
        var r = new ProtoReader(value);
        string tag = "";
        // As in protobuf, the last occurrence of a singular field wins.
        while (r.TryRead(out var f)) if (f.Number == ValueTag) tag = f.AsString();
        return tag;
    }

    /// <summary>Decodes a serialized Summary into its values (for tests and tools).</summary>
    /// <exception cref="FormatException">The bytes are not a valid Summary.</exception>
    public static List<SummaryValue> Decode(ReadOnlySpan<byte> summary)
    {
        var result = new List<SummaryValue>();
        var r = new ProtoReader(summary);
        while (r.TryRead(out var f))
            if (f.Number == SummaryValueField) result.Add(DecodeValue(f.AsBytes()));
        return result;
    }

    private static SummaryValue DecodeValue(ReadOnlySpan<byte> value)
    {
        string tag = "", kind = "";
        float? simple = null;
        HistogramData? histo = null;
        ImageData? image = null;
        var r = new ProtoReader(value);
        while (r.TryRead(out var f))
        {
            switch (f.Number)
            {
                case ValueTag: tag = f.AsString(); break;
                case ValueSimple: simple = f.AsFloat(); histo = null; kind = "simple_value"; break;
                case ValueHisto: histo = DecodeHistogram(f.AsBytes()); simple = null; kind = "histo"; break;
                case ValueImage: kind = "image"; simple = null; histo = null; image = DecodeImage(f.AsBytes()); break;
                case ValueAudio: kind = "audio"; simple = null; histo = null; break;
                case ValueTensor: kind = "tensor"; simple = null; histo = null; break;
                case 3: kind = "obsolete_old_style_histogram"; simple = null; histo = null; break;
                default: break; // node_name, metadata, unknown fields: not needed here.
            }
        }
        return new SummaryValue(tag, simple, histo, kind, kind == "image" ? image : null);
    }

    private static ImageData DecodeImage(ReadOnlySpan<byte> proto)
    {
        int height = 0, width = 0, colorspace = 0;
        byte[] encoded = [];
        var r = new ProtoReader(proto);
        while (r.TryRead(out var f))
        {
            switch (f.Number)
            {
                case 1: height = (int)f.AsInt64(); break;
                case 2: width = (int)f.AsInt64(); break;
                case 3: colorspace = (int)f.AsInt64(); break;
                case 4: encoded = f.AsBytes().ToArray(); break;
            }
        }
        return new ImageData(height, width, colorspace, encoded);
    }

    /// <summary>Decodes a serialized HistogramProto.</summary>
    public static HistogramData DecodeHistogram(ReadOnlySpan<byte> proto)
    {
        double min = 0, max = 0, num = 0, sum = 0, sumSquares = 0;
        var limits = new List<double>();
        var counts = new List<double>();
        var r = new ProtoReader(proto);
        while (r.TryRead(out var f))
        {
            switch (f.Number)
            {
                case 1: min = f.AsDouble(); break;
                case 2: max = f.AsDouble(); break;
                case 3: num = f.AsDouble(); break;
                case 4: sum = f.AsDouble(); break;
                case 5: sumSquares = f.AsDouble(); break;
                case 6: f.AddDoubles(limits); break;
                case 7: f.AddDoubles(counts); break;
            }
        }
        return new HistogramData(min, max, num, sum, sumSquares, limits.ToArray(), counts.ToArray());
    }

    private static byte[] WrapValue(byte[] value)
    {
        var s = new ProtoWriter();
        s.Bytes(SummaryValueField, value, always: true);
        return s.ToArray();
    }
}
