using Bridge.Shapes;

namespace Bridge;

/// <summary>Shared pieces of the op builders: converting arguments to tensors, axes, broadcasting, errors.</summary>
internal static class OpHelpers
{
    /// <summary>
    /// TF's convert_to_tensor: a Tensor stays itself; anything else becomes a Const in the default graph, with
    /// <paramref name="dtype"/> when given (raw C# numbers adopt the dtype of the tensor they meet, as Python
    /// numbers do in TF), else by TF's literal rules (double to float32, int to int32; an NDArray keeps its dtype).
    /// </summary>
    public static Tensor ToTensor(object? value, string op, TF_DataType dtype = TF_DataType.DtInvalid, string name = "Const")
    {
        if (value is Tensor t) return t;
        if (value is ITensorConvertible c) return c.AsTensor();
        // TF's auto-packing: a list holding tensors is their tf.stack (nested lists stack level by level).
        if (value is System.Collections.IEnumerable list && value is not (string or NDArray) && !IsNumberArray(value) && ContainsTensor(list))
        {
            var items = list.Cast<object?>().ToArray();
            var first = items.Select(i => i as Tensor ?? (i as ITensorConvertible)?.AsTensor()).FirstOrDefault(t => t is not null);
            var like = dtype != TF_DataType.DtInvalid ? dtype : first?.dtype ?? TF_DataType.DtInvalid;
            return Binding.tf.stack(items.Select(i => ToTensor(i, op, like)).ToArray(), name: "packed");
        }
        var nd = ValueConverter.ToNDArray(value, ValueConverter.Rules.TensorFlow, dtype, op);
        return Constant(nd, Graph.Default, name);
    }

    // Arrays of numbers (float[], double[,] ...) hold no tensors: skip looking through them element by element.
    private static bool IsNumberArray(object value) => value is Array a && a.GetType().GetElementType()!.IsPrimitive;

    private static bool ContainsTensor(System.Collections.IEnumerable list)
    {
        foreach (var item in list)
            if (item is Tensor or ITensorConvertible || (item is System.Collections.IEnumerable inner && item is not (string or NDArray) && ContainsTensor(inner)))
                return true;
        return false;
    }

    public static Tensor Constant(NDArray value, Graph graph, string name) =>
        StateOps.Const.Build("tf.constant", name, [], new ConstAttr(value), graph: graph).outputs[0];

    /// <summary>Normalises one axis into 0..rank-1, or throws naming the op.</summary>
    public static int Axis(string op, int axis, int rank, string what = "axis")
    {
        if (axis < -rank || axis >= rank)
            throw new ValueError($"{op}: {what} {axis} is out of range for a tensor of rank {rank}: it must be in [{-rank}, {rank}). - help: use an axis between {-rank} and {rank - 1}.");
        return axis < 0 ? axis + rank : axis;
    }

    /// <summary>Reduction axes: null means all; each checked and normalised; sorted, duplicates removed.</summary>
    public static int[] Axes(string op, Axis? axis, int rank)
    {
        if (axis is null) return Enumerable.Range(0, rank).ToArray();
        return axis.axis.Select(a => Axis(op, a, rank)).Distinct().Order().ToArray();
    }

    /// <summary>numpy broadcasting of two static shapes (-1 = unknown), with TF's error when they cannot broadcast.</summary>
    public static Shape Broadcast(string op, Shape a, Shape b)
    {
        if (!a.IsRankKnown || !b.IsRankKnown) return Shape.Unknown;
        if (ShapeAlgebra.TryBroadcast(a.Dims, b.Dims, out var dims)) return new Shape(dims);
        int n = Math.Max(a.ndim, b.ndim), i = 0;
        long da = 1, db = 1;
        for (; i < n; i++)
        {
            da = i < n - a.ndim ? 1 : a[i - (n - a.ndim)];
            db = i < n - b.ndim ? 1 : b[i - (n - b.ndim)];
            if (da >= 0 && db >= 0 && da != db && da != 1 && db != 1) break;
        }
        throw new ValueError(
            $"{op}: incompatible shapes {a.ToTfString()} and {b.ToTfString()}: dimensions {da} and {db} differ and neither is 1, so they cannot broadcast. - help: reshape one operand (tf.reshape / tf.expand_dims) so that each dimension matches or is 1.");
    }

    public static string Fmt(Shape s) => s.ToTfString();

    /// <summary>
    /// TF 1.x's ValueError for a shape given with a dimension below -1 (TensorShape: "Dimension -2 must be >= 0"); -1
    /// (None) is an unknown dimension, which the caller reports in its own words.
    /// </summary>
    public static void RequireNoNegativeDims(string fn, Shape s, string what = "the shape")
    {
        if (!s.IsRankKnown) return;
        var dims = s.dims;
        int i = Array.FindIndex(dims, d => d < -1);
        if (i < 0) return;
        throw new ValueError($"{fn}: {what} [{string.Join(", ", dims)}] has the negative dimension {dims[i]} at index {i} (TF: Dimension {dims[i]} must be >= 0). - help: every dimension must be >= 0 (-1 or None only where an unknown size is allowed).");
    }
}

/// <summary>Things that stand for a tensor (e.g. a Variable), accepted wherever a Tensor is.</summary>
public interface ITensorConvertible
{
    /// <summary>The tensor this value reads as.</summary>
    Tensor AsTensor();
}
