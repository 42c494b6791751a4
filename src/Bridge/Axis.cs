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

    public override string ToString() => IsScalar ? axis[0].ToString(System.Globalization.CultureInfo.InvariantCulture) : "(" + string.Join(", ", axis) + ")";
}
