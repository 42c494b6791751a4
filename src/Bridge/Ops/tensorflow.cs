namespace Bridge;

/// <summary>
/// The <c>tf</c> object: TF 1.x's API with TF 1.x names, in graph mode. Ops are grouped by family in
/// <c>Ops/tf.*.cs</c> (one partial file each).
/// </summary>
public sealed partial class tensorflow
{
    internal tensorflow() { }

    /// <summary>
    /// The TF version whose semantics and float32 arithmetic Bridge follows, as <c>tf.__version__</c> gives it
    /// (lab 01's first cell): "1.0.0", the version the course's 2017 records were made with.
    /// </summary>
    public string __version__ => "1.0.0";

    public readonly TF_DataType float32 = TF_DataType.TF_FLOAT;
    public readonly TF_DataType float64 = TF_DataType.TF_DOUBLE;
    public readonly TF_DataType int32 = TF_DataType.TF_INT32;
    public readonly TF_DataType int64 = TF_DataType.TF_INT64;
    public readonly TF_DataType int16 = TF_DataType.TF_INT16;
    public readonly TF_DataType int8 = TF_DataType.TF_INT8;
    public readonly TF_DataType uint8 = TF_DataType.TF_UINT8;
    public readonly TF_DataType @bool = TF_DataType.TF_BOOL;
    public readonly TF_DataType float16 = TF_DataType.DtInvalid;

    /// <summary>tf.nn: softmax, sigmoid.</summary>
    public nn_api nn { get; } = new();

    /// <summary>A new session on the default graph; it becomes the default session for eval() until disposed.</summary>
    public Session Session() => new(Bridge.Graph.Default);

    /// <summary>A new session on the given graph.</summary>
    public Session Session(Bridge.Graph graph) => new(graph);

    /// <summary>A session that installs itself as the default (as in notebooks): <c>t.eval()</c> works afterwards.</summary>
    public InteractiveSession InteractiveSession() => new(Bridge.Graph.Default);

    /// <summary>The graph new ops go to.</summary>
    public Bridge.Graph get_default_graph() => Bridge.Graph.Default;

    /// <summary>A new, empty graph (make it the default with <c>using (g.as_default())</c>).</summary>
    public Bridge.Graph Graph() => new();

    /// <summary>Replaces the default graph with a new, empty one (op ids and names start again).</summary>
    public void reset_default_graph() => Bridge.Graph.Default = new Graph();

    /// <summary>The default session (the innermost open tf.Session or InteractiveSession), or null.</summary>
    public Session? get_default_session() => Bridge.Session.Default;

    /// <summary>Sets the graph-level seed: random ops then draw TF 1.x's exact values (op seed = TF's op id).</summary>
    public void set_random_seed(int seed) => Bridge.Graph.Default.Seed = seed;

    /// <summary>
    /// A constant tensor. C# double literals and double[] become float32 and int becomes int32 (as Python floats and
    /// ints do in TF); an NDArray keeps its dtype. With <paramref name="dtype"/>, values are converted to it.
    /// </summary>
    public Tensor constant(object value, TF_DataType dtype = TF_DataType.DtInvalid, Shape? shape = null, string name = "Const")
    {
        var nd = ValueConverter.ToNDArray(value, ValueConverter.Rules.TensorFlow, dtype, "tf.constant");
        if (shape is not null && shape != nd.shape)
        {
            if (nd.size == 1) nd = Broadcast(nd, shape);
            else if (nd.size == shape.size) nd = new NDArray(nd.Storage, shape);
            else throw new ValueError($"tf.constant: {nd.size} values cannot fill shape {shape.ToTfString()}. - help: give one value (it is repeated) or exactly {shape.size}.");
        }
        return OpHelpers.Constant(nd, Bridge.Graph.Default, name);
    }

    private static NDArray Broadcast(NDArray scalar, Shape shape)
    {
        var storage = Array.CreateInstance(scalar.Storage.GetType().GetElementType()!, shape.size);
        for (long i = 0; i < storage.Length; i++) Array.Copy(scalar.Storage, 0, storage, i, 1);
        return new NDArray(storage, shape);
    }
}
