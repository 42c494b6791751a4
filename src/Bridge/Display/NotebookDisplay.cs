namespace Bridge.Display;

// How a notebook shows Bridge's values, by .NET Interactive's convention-based formatting (Polyglot Notebooks, and
// Jupyter with the .NET kernels): the kernel looks on a value's type for an attribute whose class is named
// TypeFormatterSourceAttribute, reads its FormatterSourceType and PreferredMimeTypes properties, creates the source,
// calls its CreateTypeFormatters(), and uses each formatter's MimeType, Type and Format(object, TextWriter). Matching
// is by name only, so Bridge needs no reference to the kernel's assemblies.
//
// Why it matters: without a formatter the kernel treats an NDArray as a sequence and enumerates it (a 0-d array cannot
// be iterated, so the cell failed), and shows a Tensor as a dump of its properties. With it, a cell's value reads as
// it does in Python's notebook: numpy's repr for arrays, TF 1.x's repr for graph objects.

/// <summary>
/// Names the display of a Bridge type in .NET Interactive notebooks (matched there by this class's name; see the
/// file's comment). Text only: the preferred MIME type is text/plain, so a cell shows what Python's notebook shows.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = true)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    /// <summary>The class whose <c>CreateTypeFormatters()</c> gives the formatters.</summary>
    public Type FormatterSourceType { get; } = formatterSourceType;

    /// <summary>The MIME types the kernel should produce for the type.</summary>
    public string[] PreferredMimeTypes { get; } = [NotebookFormatter.PlainText];
}

/// <summary>The formatter source the attribute names: one text/plain formatter for every Bridge type shown.</summary>
internal sealed class NotebookFormatterSource
{
    /// <summary>Called by the kernel (by name) the first time it formats one of Bridge's types.</summary>
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        new NotebookFormatter(typeof(NDArray)),
        new NotebookFormatter(typeof(Tensor)),
        new NotebookFormatter(typeof(Variable)),
        new NotebookFormatter(typeof(Operation)),
        new NotebookFormatter(typeof(Session)),
        new NotebookFormatter(typeof(Shape)),
    ];
}

/// <summary>One text/plain formatter, with the members the kernel's convention reads.</summary>
internal sealed class NotebookFormatter(Type type)
{
    public const string PlainText = "text/plain";

    /// <summary>The MIME type this formatter writes.</summary>
    public string MimeType => PlainText;

    /// <summary>The type it formats (and its subclasses: InteractiveSession is a Session).</summary>
    public Type Type { get; } = type;

    /// <summary>Writes the value's text; false for a value of another type (the kernel then tries the next).</summary>
    public bool Format(object instance, TextWriter writer)
    {
        if (instance is null || !Type.IsInstanceOfType(instance)) return false;
        writer.Write(Text(instance));
        return true;
    }

    /// <summary>
    /// The text a Python notebook shows for the same value: numpy's repr for an array, TF 1.x's reprs for a tensor
    /// (<c>&lt;tf.Tensor 'Const:0' shape=(2,) dtype=float32&gt;</c>), a variable and an operation.
    /// </summary>
    public static string Text(object value) => value switch
    {
        NDArray a => a.repr(),
        Tensor t => t.shape.IsRankKnown
            ? $"<tf.Tensor '{t.name}' shape={t.shape} dtype={t.dtype.as_numpy_name()}>"
            : $"<tf.Tensor '{t.name}' shape=<unknown> dtype={t.dtype.as_numpy_name()}>",
        Variable v => v.ToString(),
        Shape shape => shape.ToString(), // a Python tuple: (2, 2, 3)
        Operation o => $"<tf.Operation '{o.name}' type={o.type}>",
        Session s => $"<tf.{(s is InteractiveSession ? "InteractiveSession" : "Session")}: a session of a graph of {s.graph.get_operations().Length} ops>",
        _ => value.ToString() ?? "",
    };
}
