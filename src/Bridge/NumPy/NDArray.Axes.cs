namespace Bridge;

public sealed partial class NDArray
{
    /// <summary>
    /// numpy's <c>transpose(axes)</c>: the dimensions permuted (reversed when <paramref name="axes"/> is empty; negative
    /// axes count from the end). A copy in row-major order, as every NDArray is (numpy returns a view).
    /// </summary>
    public NDArray transpose(params int[] axes)
    {
        int rank = ndim;
        var perm = axes.Length == 0 ? Enumerable.Range(0, rank).Reverse().ToArray() : axes.Select(a => NormalizeAxis(a, "transpose")).ToArray();
        if (perm.Length != rank || perm.Distinct().Count() != rank)
            throw new ValueError($"np.transpose: axes [{string.Join(", ", axes)}] don't match an array of shape {shape}. - help: give each of the {rank} axes once.");
        var dims = perm.Select(p => _dims[p]).ToArray();
        // Source strides, in the order of the result's axes.
        var strides = new long[rank];
        long s = 1;
        for (int d = rank - 1; d >= 0; d--) { strides[d] = s; s *= _dims[d]; }
        var stepOf = perm.Select(p => strides[p]).ToArray();
        Array result = Storage switch
        {
            float[] x => Permute(x, dims, stepOf),
            double[] x => Permute(x, dims, stepOf),
            int[] x => Permute(x, dims, stepOf),
            long[] x => Permute(x, dims, stepOf),
            bool[] x => Permute(x, dims, stepOf),
            byte[] x => Permute(x, dims, stepOf),
            short[] x => Permute(x, dims, stepOf),
            sbyte[] x => Permute(x, dims, stepOf),
            _ => throw new InvalidOperationException(),
        };
        return new NDArray(result, dims);
    }

    // Walks the result in row-major order; the source index moves by each result axis's source stride.
    private static T[] Permute<T>(T[] source, long[] dims, long[] stepOf)
    {
        var result = new T[source.Length];
        var index = new long[dims.Length];
        long from = 0;
        for (long i = 0; i < result.Length; i++)
        {
            result[i] = source[from];
            for (int d = dims.Length - 1; d >= 0; d--)
            {
                from += stepOf[d];
                if (++index[d] < dims[d]) break;
                from -= stepOf[d] * dims[d];
                index[d] = 0;
            }
        }
        return result;
    }

    /// <summary>numpy's <c>swapaxes(axis1, axis2)</c>: the two dimensions exchanged (a copy; numpy returns a view).</summary>
    public NDArray swapaxes(int axis1, int axis2)
    {
        int a = NormalizeAxis(axis1, "swapaxes"), b = NormalizeAxis(axis2, "swapaxes");
        var perm = Enumerable.Range(0, ndim).ToArray();
        (perm[a], perm[b]) = (perm[b], perm[a]);
        return transpose(perm);
    }

    private int NormalizeAxis(int axis, string fn)
    {
        int a = axis < 0 ? axis + ndim : axis;
        if (a < 0 || a >= ndim)
            throw new ValueError($"np.{fn}: axis {axis} is out of bounds for array of dimension {ndim}. - help: use an axis in [{-ndim}, {ndim}).");
        return a;
    }
}
