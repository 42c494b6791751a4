using Bridge.Summary;

namespace Bridge;

// tf.summary: TensorBoard summaries and the event-file writer.
public sealed partial class tensorflow
{
    /// <summary>tf.summary: scalar, histogram, merge_all, FileWriter.</summary>
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
