namespace Bridge;

/// <summary>
/// A symbolic value in the graph: the output of an <see cref="Operation"/>, with a static shape (dimensions may be
/// unknown, -1) and a dtype. Nothing is computed until <c>Session.run</c> or <see cref="eval(FeedItem[])"/>.
/// C# numbers, arrays and NDArrays convert implicitly to constant tensors (as Python values do in TF).
/// </summary>
[Display.TypeFormatterSource(typeof(Display.NotebookFormatterSource))]
public sealed partial class Tensor : ITensorOrOperation
{
    internal Tensor(Operation op, int valueIndex, Shape shape, TF_DataType dtype)
    {
        this.op = op;
        value_index = valueIndex;
        _shape = shape;
        this.dtype = dtype;
    }

    /// <summary>The operation that produces this tensor.</summary>
    public Operation op { get; }

    /// <summary>Which output of <see cref="op"/> this is.</summary>
    public int value_index { get; }

    /// <summary>
    /// The static shape: -1 (printed ?) where a dimension is unknown, <see cref="Shape.Unknown"/> when the rank is.
    /// Setting it is TF's <c>set_shape</c> (C# reserves that name for this setter, as it reserves <c>get_shape</c> for
    /// the getter): it fills in what was unknown, and a shape that contradicts what is known is a ValueError. Ops built
    /// from the tensor afterwards see the new shape.
    /// </summary>
    public Shape shape
    {
        get => _shape;
        set => _shape = _shape.MergeWith(value) ?? throw new ValueError(
            $"Tensor.set_shape: shapes {_shape.ToTfString()} and {value.ToTfString()} of '{name}' are not compatible. - help: give a shape that agrees with every known dimension.");
    }

    private Shape _shape;

    /// <summary>The element type.</summary>
    public TF_DataType dtype { get; }

    public Graph graph => op.graph;

    /// <summary>"op_name:index", e.g. "Const:0".</summary>
    public string name => $"{op.name}:{value_index}";

    /// <summary>Static rank.</summary>
    public int ndim => shape.ndim;

    /// <summary>Computes the value in the default session (tf.InteractiveSession or the innermost tf.Session()).</summary>
    public NDArray eval(params FeedItem[] feed_dict) => Session.RequireDefault("Tensor.eval()").run(this, feed_dict);

    /// <summary>Computes the value in the given session.</summary>
    public NDArray eval(Session session, params FeedItem[] feed_dict) => session.run(this, feed_dict);

    /// <summary>TF 1.x's text: <c>Tensor("Const:0", shape=(2,), dtype=float32)</c>.</summary>
    public override string ToString() => shape.IsRankKnown
        ? $"Tensor(\"{name}\", shape={shape}, dtype={dtype.as_numpy_name()})"
        : $"Tensor(\"{name}\", dtype={dtype.as_numpy_name()})"; // TF 1.x leaves a shape of unknown rank out
}
