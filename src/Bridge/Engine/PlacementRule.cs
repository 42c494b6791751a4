using Bridge.Kernels;

namespace Bridge.Backend;

/// <summary>What the placement rule needs to know about a run's values, whichever side holds them.</summary>
internal interface IValueFacts
{
    /// <summary>Whether the value is a managed array (NDArray) rather than the engine's.</summary>
    bool IsManaged(object value);

    long SizeOf(object value);

    int RankOf(object value);

    TF_DataType DTypeOf(object value);

    Shape ShapeOf(object value);
}

/// <summary>
/// Where an op runs, per op and per run: on its managed kernel (small tensors, where an engine call costs more than
/// the arithmetic, and ops the engine has no kernel for) or on the engine's (large ones). Engine-neutral: the
/// libtorch backend asks it through <see cref="IValueFacts"/>.
/// </summary>
internal static class PlacementRule
{
    /// <summary>Ops whose inputs all have at most this many elements run on managed arrays.</summary>
    internal const long SmallLimit = 4096;

    /// <summary>
    /// Float32 ops whose inputs are all managed already stay managed up to this many elements per input: no copy into
    /// the engine, and their vectorized kernels beat an engine call there (lab 07-4's 784x10 weights and their updates).
    /// </summary>
    internal const long ManagedLimit = 16384;

    /// <summary>Where ops run: chosen per op by size (the default), or forced to one side by tests and benchmarks.</summary>
    internal static Placement Placement { get; set; } = Placement.BySize;

    /// <summary>Whether <paramref name="op"/> runs on its managed kernel with these input values.</summary>
    public static bool RunsManaged(Operation op, object[] inputs, bool engineHasKernel, IValueFacts facts)
    {
        if (!engineHasKernel) return true; // the managed kernel is the only one
        bool managed = true, float32 = true;
        long largest = 0, product = 1;
        // The ranks only matter to an op whose managed kernel handles some ranks only (no array for the others).
        var ranks = op.Def.ManagedHandles is null ? null : new int[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            var v = inputs[i];
            if (v is null) continue; // the not-yet-initialised variable an Assign initialises; no kernel reads it
            long size = facts.SizeOf(v);
            if (ranks is not null) ranks[i] = facts.RankOf(v);
            if (facts.IsManaged(v)) float32 &= facts.DTypeOf(v) == TF_DataType.TF_FLOAT;
            else managed = false;
            largest = Math.Max(largest, size);
            product = size > 0 && product > long.MaxValue / size ? long.MaxValue : product * size;
        }
        // What a broadcast writes is at most the product of its inputs' sizes: only work it out when that is large.
        long written = op.Def == LinAlgOps.MatMul || product <= SmallLimit ? largest : Math.Max(largest, Spread(inputs, facts));
        bool onManaged = Placement switch
        {
            Placement.Managed => true,
            Placement.Torch => false,
            _ => written <= SmallLimit || (managed && float32 && written <= ManagedLimit) || NarrowProduct(op, inputs, facts)
                 || (managed && inputs.Length > 0 && (ViewOps.Contains(op.Def) || (float32 && TfOrderReductions.Contains(op.Def)))),
        };
        return onManaged && (op.Def.ManagedHandles?.Invoke(ranks!) ?? true);
    }

    /// <summary>
    /// Ops whose managed kernel passes its input's storage on (a view: no element is copied): with a managed input they
    /// stay managed at any size, where the engine would first copy the whole value in (and a fetch copy it back out).
    /// </summary>
    private static readonly HashSet<OpDef> ViewOps = [StateOps.Identity, ArrayOps.StopGradient, ArrayOps.Reshape, ArrayOps.Squeeze, ArrayOps.ExpandDims];

    /// <summary>
    /// float32 Sum and Mean: libtorch's kernel copies its input to a managed array to add in TF 1.x's order
    /// (TfReduction) anyway, so a managed input stays managed at any size (one copy less of a large value).
    /// </summary>
    private static readonly HashSet<OpDef> TfOrderReductions = [ReductionOps.Sum, ReductionOps.Mean];

    // An upper bound on the elements an element-wise op writes: small inputs can broadcast to a large result
    // ([10000, 1] - [1, 10000] is 10^8 elements), which must not be sized by its inputs alone.
    private static long Spread(object[] inputs, IValueFacts facts)
    {
        if (inputs.Length < 2) return 0;
        var dims = new List<long>();
        foreach (var v in inputs)
        {
            if (v is null) continue;
            var d = facts.ShapeOf(v).dims;
            while (dims.Count < d.Length) dims.Insert(0, 1);
            for (int i = 0; i < d.Length; i++)
            {
                int at = dims.Count - d.Length + i;
                dims[at] = Math.Max(dims[at], d[i]);
            }
        }
        long size = 1;
        foreach (var d in dims) size = d > 0 && size > long.MaxValue / d ? long.MaxValue : size * d;
        return size;
    }

    // A float32 product TfMatMul computes faster than a BLAS call (lab 07-4's 100x784 by 784x10), at any size.
    private static bool NarrowProduct(Operation op, object[] inputs, IValueFacts facts)
    {
        if (op.Def != LinAlgOps.MatMul || op.outputs[0].dtype != TF_DataType.TF_FLOAT) return false;
        var a = facts.ShapeOf(inputs[0]).dims;
        var b = facts.ShapeOf(inputs[1]).dims;
        if (a.Length != 2 || b.Length != 2) return false;
        var m = (MatMulAttr)op.Attr!;
        return TfMatMul.Handles((int)(m.TransposeA ? a[1] : a[0]), (int)(m.TransposeA ? a[0] : a[1]), (int)(m.TransposeB ? b[0] : b[1]));
    }
}

/// <summary>Where ops run (see <see cref="PlacementRule"/>).</summary>
internal enum Placement { BySize, Managed, Torch }
