namespace Bridge;

/// <summary>
/// What TF 1.x's optimizers and decay functions take as a learning rate: "a Tensor or a floating point value". C#
/// and F# pass a <c>double</c> (<c>0.01</c>), a <c>float</c> (<c>0.01f</c>), an <c>int</c>, a <see cref="Tensor"/>
/// (a placeholder fed at run time, a decayed rate from <c>tf.train.exponential_decay</c>) or a <see cref="Variable"/>;
/// each converts implicitly. As TF converts a Python float to a float32 tensor, a number is kept as the float32
/// nearest to it (<c>0.01</c> and <c>0.01f</c> are the same rate), and becomes a float32 Const named after the
/// parameter when the optimizer builds its update ops.
/// </summary>
public readonly struct LearningRate : IEquatable<LearningRate>
{
    private readonly float _value;
    private readonly Tensor? _tensor;

    private LearningRate(float value, Tensor? tensor)
    {
        _value = value;
        _tensor = tensor;
    }

    /// <summary>A fixed rate; stored as float32, as TF 1.x's Python float becomes a float32 tensor.</summary>
    public static implicit operator LearningRate(float value) => new(value, null);

    /// <summary>A fixed rate from a double, rounded to float32 as TF 1.x converts a Python float (0.01 is 0.01f).</summary>
    public static implicit operator LearningRate(double value) => new((float)value, null);

    /// <summary>A rate computed by the graph (a placeholder, tf.train.exponential_decay ...): read each time the update runs.</summary>
    public static implicit operator LearningRate(Tensor tensor) =>
        new(0, tensor ?? throw new ArgumentNullException(nameof(tensor), "a learning rate tensor cannot be null"));

    /// <summary>A rate held in a variable: its current value is read each time the update runs.</summary>
    public static implicit operator LearningRate(Variable variable) =>
        new(0, (variable ?? throw new ArgumentNullException(nameof(variable), "a learning rate variable cannot be null")).AsTensor());

    /// <summary>
    /// A learning rate from any value TF 1.x accepts (a number, a tensor, a variable, a 0-d array): what the Python
    /// binding calls with its argument. Anything else is a TypeError naming <paramref name="fn"/>.
    /// </summary>
    public static LearningRate FromObject(object? value, string fn = "learning_rate")
    {
        switch (value)
        {
            case LearningRate lr: return lr;
            case Tensor t: return t;
            case Variable v: return v;
            case ITensorConvertible c: return c.AsTensor();
            case float f: return f;
            case double d: return d;
            case int or long or short or sbyte or byte or uint or ulong or ushort or decimal:
                return Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
            case NDArray nd when nd.ndim == 0 && (nd.dtype.is_floating() || nd.dtype.is_integer()):
                return nd.GetDouble(0);
            case NDArray nd:
                return Binding.tf.constant(nd);
            default:
                throw new TypeError($"{fn}: the learning rate must be a number or a scalar tensor, not {value?.GetType().Name ?? "None"}. - help: pass a float such as 0.01, or a float32 scalar tensor.");
        }
    }

    /// <summary>The fixed rate as float32, or null when the rate is a tensor.</summary>
    public float? value => _tensor is null ? _value : null;

    /// <summary>The rate's tensor, or null when the rate is a fixed number.</summary>
    public Tensor? tensor => _tensor;

    /// <summary>
    /// The rate as a scalar tensor of a real dtype: a fixed rate becomes a float32 Const named <paramref name="name"/>
    /// (as TF's <c>ops.convert_to_tensor(lr, name=...)</c>); a tensor must be a scalar (ValueError when its static
    /// shape says otherwise) of a number dtype (TypeError for strings and bools).
    /// </summary>
    internal Tensor ToTensor(string fn, string name, string what = "learning_rate")
    {
        if (_tensor is null) return Binding.tf.constant(_value, name: name);
        var t = _tensor;
        if (t.dtype is TF_DataType.TF_STRING or TF_DataType.TF_BOOL || !(t.dtype.is_floating() || t.dtype.is_integer()))
            throw new TypeError($"{fn}: {what} '{t.name}' has dtype {t.dtype.as_numpy_name()}; it must be a number. - help: pass a float, or a float32 scalar tensor (tf.cast it).");
        if (t.shape.ndim > 0)
            throw new ValueError($"{fn}: {what} must be a scalar, but '{t.name}' has shape {OpHelpers.Fmt(t.shape)}. - help: pass one number (a shape [] tensor), e.g. tf.placeholder(tf.float32, shape=[]).");
        return t;
    }

    public bool Equals(LearningRate other) => _value.Equals(other._value) && ReferenceEquals(_tensor, other._tensor);
    public override bool Equals(object? obj) => obj is LearningRate other && Equals(other);
    public override int GetHashCode() => _tensor is null ? _value.GetHashCode() : _tensor.GetHashCode();
    public static bool operator ==(LearningRate a, LearningRate b) => a.Equals(b);
    public static bool operator !=(LearningRate a, LearningRate b) => !a.Equals(b);

    /// <summary>The number (as Python prints the float32 value's shortest repr) or the tensor's description.</summary>
    public override string ToString() => _tensor?.ToString() ?? _value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
