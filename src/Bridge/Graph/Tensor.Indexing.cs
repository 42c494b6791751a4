namespace Bridge;

// Slicing syntax: TF 1.x's Tensor.__getitem__ (_SliceHelper), which builds one StridedSlice.
public sealed partial class Tensor
{
    /// <summary><c>t[i]</c>: item i along the first axis (negative counts from the end), as TF's <c>t[i]</c>.</summary>
    public Tensor this[int index] => Slice([index]);

    /// <summary><c>t[^1]</c>: item counted from the end (Python's <c>t[-1]</c>).</summary>
    public Tensor this[Index index] => Slice([index]);

    /// <summary><c>t[1..3]</c>, <c>t[..^1]</c>, <c>t[2..]</c>: Python's <c>t[1:3]</c>, <c>t[:-1]</c>, <c>t[2:]</c> along the first axis.</summary>
    public Tensor this[Range range] => Slice([range]);

    /// <summary>
    /// A Python slice spec as text: <c>t["1:3, ::2, newaxis, ..., -1"]</c> is TF's <c>t[1:3, ::2, tf.newaxis, ..., -1]</c>
    /// (also "None"/"tf.newaxis" for a new axis and "Ellipsis" for ...).
    /// </summary>
    public Tensor this[string spec] => Slice([spec]);

    /// <summary>
    /// Several entries, as TF's <c>t[a, b, ...]</c>: ints and <see cref="Index"/>es (<c>^1</c>) take one element and drop
    /// the dimension; <see cref="Range"/>s (<c>1..3</c>) and <c>tf.s(start, stop, step)</c> slice; <c>tf.newaxis</c>
    /// inserts a dimension of size 1; <c>tf.ellipsis</c> stands for all the dimensions the other entries leave; strings
    /// are parsed as Python slices. Dimensions past the entries are taken whole. E.g.
    /// <c>t[1..3, tf.s(step: 2), tf.newaxis, tf.ellipsis, ^1]</c>. A scalar int tensor takes one element too, read when
    /// the graph runs if its value is not known before.
    /// </summary>
    public Tensor this[params object[] spec] => Slice(spec);

    private Tensor Slice(object[] spec)
    {
        const string fn = "Tensor index";
        if (ndim == 0) throw new ValueError($"{fn}: '{name}' is a scalar and cannot be indexed. - help: index tensors of rank >= 1.");
        var runTime = new List<(int entry, Tensor index)>();
        var attr = SliceSpec.Parse(spec, fn, runTime);
        if (runTime.Count == 0) return ArrayOps.StridedSlice.Build(fn, "strided_slice", [this], attr).outputs[0];
        // Index tensors known only at run time: begin and end as tensors (TF's _SliceHelper stacks them alike).
        var begin = attr.Begin.Select(v => (object)(int)v).ToArray();
        var end = attr.End.Select(v => (object)(int)v).ToArray();
        foreach (var (entry, index) in runTime)
        {
            var i = index.dtype == TF_DataType.TF_INT32 ? index : Binding.tf.cast(index, TF_DataType.TF_INT32);
            begin[entry] = i;
            end[entry] = Binding.tf.add(i, 1);
        }
        return Binding.tf.strided_slice(this, begin, end, attr.Strides.Select(v => (int)v).ToArray(), attr.BeginMask, attr.EndMask,
            attr.EllipsisMask, attr.NewAxisMask, attr.ShrinkAxisMask, "strided_slice");
    }
}
