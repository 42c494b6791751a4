namespace Bridge;

public static partial class Binding
{
    /// <summary>TF 1.x's <c>tf</c> module.</summary>
    public static tensorflow tf { get; } = new();

    /// <summary>numpy's <c>np</c> module (the parts the labs use).</summary>
    public static NumPy np { get; } = new();
}
