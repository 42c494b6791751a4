namespace Bridge;

/// <summary>One or more axes for reductions: converts from <c>int</c>, <c>int[]</c> and int tuples, as in TensorFlow.NET.</summary>
public sealed class Axis
{
    public int[] axis { get; }
    public bool IsScalar { get; }

    public Axis(params int[] axis)
    {
        this.axis = (int[])axis.Clone();
        IsScalar = false;
    }

    private Axis(int axis, bool scalar)
    {
        this.axis = [axis];
        IsScalar = scalar;
    }

    public int size => axis.Length;

    public static implicit operator Axis(int a) => new(a, scalar: true);
    public static implicit operator Axis(int[] a) => new(a);
    public static implicit operator Axis(long[] a) => new(Array.ConvertAll(a, x => (int)x));
    public static implicit operator Axis((int, int) a) => new(a.Item1, a.Item2);
    public static implicit operator Axis((int, int, int) a) => new(a.Item1, a.Item2, a.Item3);
    public static implicit operator int[](Axis a) => a.axis;

    /// <summary>
    /// An axis given as a tensor (TF accepts <c>axis=tf.constant(1)</c>): its value must be known when the graph is
    /// built (TF's constant_value: a Const, or ops on Consts); otherwise a ValueError says so.
    /// </summary>
    public static implicit operator Axis(Tensor t)
    {
        var v = ConstantValue.Ints(t, "axis", "the axis tensor");
        return t.ndim == 0 ? new Axis((int)v[0], scalar: true) : new Axis(Array.ConvertAll(v, x => (int)x));
    }

    public override string ToString() => IsScalar ? axis[0].ToString(System.Globalization.CultureInfo.InvariantCulture) : "(" + string.Join(", ", axis) + ")";
}
