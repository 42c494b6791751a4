using Bridge.Summary;

namespace Bridge;

// tf.summary: TensorBoard summaries and the event-file writer.
public sealed partial class tensorflow
{
    /// <summary>tf.summary: scalar, histogram, image, merge_all, FileWriter.</summary>
    public summary_api summary { get; } = new();
}

/// <summary>tf.summary, as TF 1.x: summary ops are graph nodes whose value is a serialized Summary protobuf.</summary>
public sealed class summary_api
{
    internal summary_api() { }

    /// <summary>A scalar summary; its tag is the name made unique in the current name scope ("Cost/Cost").</summary>
    public Tensor scalar(string name, object tensor) => Add(SummaryOpDefs.ScalarSummary, "tf.summary.scalar", name, tensor);

    /// <summary>A histogram summary of all the values of a tensor (TF 1.x's bucketing).</summary>
    public Tensor histogram(string name, object values) => Add(SummaryOpDefs.HistogramSummary, "tf.summary.histogram", name, values);

    /// <summary>
    /// TF 1.x's tf.summary.image: an ImageSummary op over <paramref name="tensor"/>, a 4-D [batch, height, width,
    /// channels] uint8 or float32 tensor with 1 (grey), 3 (RGB) or 4 (RGBA) channels. Its value is a Summary of the
    /// first min(<paramref name="max_outputs"/>, batch) images, PNG-encoded, tagged "name/image/0", "name/image/1" ...
    /// (just "name/image" when max_outputs is 1; the name made unique in the current name scope, as scalar's). uint8
    /// pixels are kept; each float image is scaled into [0, 255] by TF's rule: all values non-negative, the largest
    /// becomes 255; otherwise 0 maps to 128 and the largest magnitude to 1 or 255; NaN and infinite pixels are red.
    /// As in TF, max_outputs below 1 is a ValueError when the graph is built, and a wrong rank or channel count an
    /// InvalidArgumentError when it runs. Deviation: TF 1.x also takes float16; Bridge has no float16 dtype.
    /// </summary>
    public Tensor image(string name, object tensor, int max_outputs = 3, IEnumerable<string>? collections = null)
    {
        const string fn = "tf.summary.image";
        var t = OpHelpers.ToTensor(tensor, fn);
        SummaryOpDefs.ImageSummary.RequireDType(fn, t.dtype, $"'{name}'");
        if (max_outputs < 1)
            throw new ValueError($"{fn}: Attr 'max_images' of 'ImageSummary' Op passed {max_outputs} less than minimum 1 (max_outputs of '{name}'). - help: pass max_outputs=1 or more (the number of images shown).");
        // TF 1.x's shape function accepts any shape; its kernel rejects a wrong rank or channel count at run time.
        var g = t.graph;
        var tag = g.UniqueName(name);
        g.CountTfOps(SummaryOpDefs.ImageSummary.TfOpIds - 1); // the tag Const; the summary node itself counts below
        var op = g.AddOpNamed(SummaryOpDefs.ImageSummary, tag, [t], new ImageSummaryAttr(tag, max_outputs), [(Shape.Scalar, TF_DataType.TF_STRING)]);
        foreach (var c in collections ?? [CollectionKeys.SUMMARIES]) g.AddToCollection(c, op.outputs[0]);
        return op.outputs[0];
    }

    /// <summary>One op merging every summary of the default graph; null if there are none (as in TF).</summary>
    public Tensor? merge_all()
    {
        var g = Graph.Default;
        var summaries = g.Summaries.ToArray();
        return summaries.Length == 0 ? null : merge(summaries);
    }

    /// <summary>One op merging the given summaries.</summary>
    public Tensor merge(IEnumerable<Tensor> inputs, string? name = null)
    {
        var ts = inputs.ToArray();
        if (ts.Length == 0) throw new ValueError("tf.summary.merge: needs at least one summary.");
        foreach (var t in ts)
            if (t.dtype != TF_DataType.TF_STRING)
                throw new TypeError($"tf.summary.merge: '{t.name}' is not a summary (dtype {t.dtype.as_numpy_name()}).");
        return SummaryOpDefs.MergeSummary.Build("tf.summary.merge", name ?? "Merge/MergeSummary", ts).outputs[0];
    }

    /// <summary>
    /// Writes TensorBoard event files into <paramref name="logdir"/> (created if missing); with a graph, writes it first.
    /// Buffered events reach the disk every <paramref name="flush_secs"/> seconds, on flush() and on close();
    /// <paramref name="filename_suffix"/> is appended to the file name (both as TF 1.x's).
    /// </summary>
    public FileWriter FileWriter(string logdir, Graph? graph = null, double flush_secs = 120, string? filename_suffix = null) =>
        new(logdir, graph, flush_secs, filename_suffix);

    private static Tensor Add(OpDef def, string fn, string name, object value)
    {
        var t = OpHelpers.ToTensor(value, fn);
        if (t.dtype == TF_DataType.TF_STRING || t.dtype == TF_DataType.TF_BOOL)
            throw new TypeError($"{fn}: '{name}' must be numeric, not {t.dtype.as_numpy_name()}. - help: tf.cast it to tf.float32 first.");
        if (def == SummaryOpDefs.ScalarSummary && t.shape.IsFullyDefined && t.shape.size != 1)
            throw new ValueError($"{fn}: '{name}' must be a scalar, but its shape is {OpHelpers.Fmt(t.shape)}. - help: summarise tf.reduce_mean(x).");
        var g = t.graph;
        // TF 1.x: the tag is the op's unique scoped name; a tag Const and the summary op: two op ids.
        var tag = g.UniqueName(name);
        g.CountTfOps(def.TfOpIds - 1); // the tag Const; the summary node itself counts below
        var op = g.AddOpNamed(def, tag, [t], new SummaryAttr(tag), [(Shape.Scalar, TF_DataType.TF_STRING)]);
        g.AddSummary(op.outputs[0]);
        return op.outputs[0];
    }
}

/// <summary>TF 1.x's tf.summary.FileWriter: TensorBoard event files (TFRecord framing, Event protobufs).</summary>
public sealed class FileWriter : IDisposable
{
    private readonly EventFileWriter _writer;

    internal FileWriter(string logdir, Graph? graph, double flushSecs = 120, string? filenameSuffix = null)
    {
        _writer = new EventFileWriter(logdir, filenameSuffix ?? "", flushSecs);
        if (graph is not null) add_graph(graph);
    }

    /// <summary>The event file being written.</summary>
    public string FilePath => _writer.FilePath;

    /// <summary>Adds a summary (the value of a summary op, as Session.run returns it) at a step.</summary>
    public void add_summary(NDArray summary, long global_step = 0)
    {
        if (summary.dtype != TF_DataType.TF_STRING || summary.size != 1)
            throw new TypeError($"FileWriter.add_summary: expected the value of a summary op (a serialized Summary), got a {summary.dtype.as_numpy_name()} array of shape {summary.shape}. - help: pass what sess.run(merged_summary) returned.");
        AddSerialized(summary.Data<byte[]>()[0], global_step);
    }

    internal void AddSerialized(byte[] summary, long globalStep) => _writer.AddSummary(summary, globalStep);

    /// <summary>Adds the graph (shown in TensorBoard's Graphs tab).</summary>
    public void add_graph(Graph graph) => _writer.AddGraph(GraphDefEncoder.Encode(graph.Operations.Select(op => (
        op.name,
        op.type,
        op.Inputs.Select(i => i.value_index == 0 ? i.op.name : i.name).Concat(op.ControlInputs.Select(c => "^" + c.name)).ToArray(),
        (string?)null))));

    /// <summary>Writes buffered events to disk.</summary>
    public void flush() => _writer.Flush();

    /// <summary>Flushes and closes the file.</summary>
    public void close() => _writer.Close();

    public void Dispose() => _writer.Dispose();
}

/// <summary>TensorBoard summaries: host ops whose value is a serialized Summary protobuf (TF's summary_op.cc).</summary>
[OpFamily("summary")]
internal static class SummaryOpDefs
{
    public static readonly OpDef ScalarSummary = new("ScalarSummary")
    {
        Inputs = ["values"],
        Attribute = typeof(SummaryAttr),
        Functions = ["tf.summary.scalar"],
        DTypes = DTypeSet.RealNumbers,
        TfOpIds = 2,
        TfOpIdsReason = "a Const for the tag, then ScalarSummary",
        Infer = _ => [(Shape.Scalar, TF_DataType.TF_STRING)],
        ChecksShapesAtRunTime = false, // the kernel checks the value is a scalar
        Managed = (op, x) => [SummaryOps.Scalar(op, x[0])],
        NotDifferentiable = true,
    };

    public static readonly OpDef HistogramSummary = new("HistogramSummary")
    {
        Inputs = ["values"],
        Attribute = typeof(SummaryAttr),
        Functions = ["tf.summary.histogram"],
        DTypes = DTypeSet.RealNumbers,
        TfOpIds = 2,
        TfOpIdsReason = "a Const for the tag, then HistogramSummary",
        Infer = _ => [(Shape.Scalar, TF_DataType.TF_STRING)],
        ChecksShapesAtRunTime = false,
        Managed = (op, x) => [SummaryOps.Histogram(op, x[0])],
        NotDifferentiable = true,
    };

    public static readonly OpDef ImageSummary = new("ImageSummary")
    {
        Inputs = ["tensor"],
        Attribute = typeof(ImageSummaryAttr),
        Functions = ["tf.summary.image"],
        DTypes = DTypeSet.Of(TF_DataType.TF_UINT8, TF_DataType.TF_FLOAT),
        TfOpIds = 2,
        TfOpIdsReason = "a Const for the tag, then ImageSummary",
        Infer = _ => [(Shape.Scalar, TF_DataType.TF_STRING)],
        ChecksShapesAtRunTime = false, // the kernel checks rank 4 and 1, 3 or 4 channels, as TF's
        Managed = (op, x) => [SummaryOps.Image(op, x[0])],
        NotDifferentiable = true,
        Differences = "no float16 input (Bridge has no float16); the PNG bytes differ from libpng's (row filter 0, .NET's deflate), the pixels do not",
    };

    public static readonly OpDef MergeSummary = new("MergeSummary")
    {
        Inputs = ["*inputs"],
        Functions = ["tf.summary.merge", "tf.summary.merge_all"],
        DTypes = DTypeSet.Strings,
        Infer = _ => [(Shape.Scalar, TF_DataType.TF_STRING)],
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [SummaryOps.Merge(x)],
        NotDifferentiable = true,
    };
}

/// <summary>A summary's tag.</summary>
internal sealed record SummaryAttr(string Tag);

/// <summary>An image summary's tag and TF's max_images attr (tf.summary.image's max_outputs).</summary>
internal sealed record ImageSummaryAttr(string Tag, int MaxImages);
