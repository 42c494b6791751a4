namespace Bridge.Kernels;

// Shape and array kernels.
internal static partial class ManagedKernels
{
    internal static NDArray Ints(long[] values, TF_DataType dtype, long[] dims) =>
        dtype == TF_DataType.TF_INT64 ? new NDArray(values, dims) : new NDArray(Array.ConvertAll(values, v => (int)v), dims);

    internal static NDArray Reshape(NDArray x, long[] dims)
    {
        var d = (long[])dims.Clone();
        int unknown = Array.IndexOf(d, -1L);
        if (unknown >= 0)
        {
            long known = d.Where(v => v >= 0).Aggregate(1L, (p, q) => p * q);
            d[unknown] = known == 0 ? 0 : x.size / known;
        }
        return x.WithDims(d);
    }

    internal static NDArray Squeeze(NDArray x, int[] axes)
    {
        var dims = x.Dims.ToArray().Where((v, i) => axes.Length == 0 ? v != 1 : Array.IndexOf(axes, i) < 0).ToArray();
        return x.WithDims(dims);
    }

    internal static NDArray ExpandDims(NDArray x, int axis)
    {
        var dims = x.Dims.ToArray().ToList();
        dims.Insert(axis, 1);
        return x.WithDims(dims.ToArray());
    }

    internal static NDArray Transpose(NDArray x, int[] perm)
    {
        int n = x.ndim;
        var dims = perm.Select(p => x.Dims[p]).ToArray();
        var strides = new long[n];
        long s = 1;
        for (int d = n - 1; d >= 0; d--) { strides[d] = s; s *= x.Dims[d]; }
        var index = new int[x.size];
        var counter = new long[n];
        for (long o = 0; o < index.Length; o++)
        {
            long src = 0;
            for (int d = 0; d < n; d++) src += counter[d] * strides[perm[d]];
            index[o] = (int)src;
            for (int d = n - 1; d >= 0; d--)
            {
                if (++counter[d] < dims[d]) break;
                counter[d] = 0;
            }
        }
        return Gather(x, index, dims);
    }

    internal static NDArray OneHot(NDArray indices, OneHotAttr a)
    {
        int axis = a.Axis == -1 ? indices.ndim : a.Axis; // -1: the one-hot dimension goes last
        long n = indices.size;
        var dims = indices.Dims.ToArray().Append(a.Depth).ToArray();
        // Off everywhere in the output dtype, then on at each in-range index (no double-typed copy: exact for int64).
        var flat = Full(dims, new FillAttr(a.Off, a.DType, dims), "tf.one_hot");
        for (long i = 0; i < n; i++)
        {
            long idx = indices.GetInt64(i);
            if (idx >= 0 && idx < a.Depth) Array.Copy(a.On.Storage, 0, flat.Storage, i * a.Depth + idx, 1);
        }
        if (axis == indices.ndim) return flat;
        var perm = Enumerable.Range(0, indices.ndim).ToList();
        perm.Insert(axis, indices.ndim);
        return Transpose(flat, perm.ToArray());
    }

    internal static NDArray Pack(NDArray[] values, int axis)
    {
        var expanded = values.Select(v => ExpandDims(v, axis)).ToArray();
        return Concat(expanded, axis);
    }

    internal static NDArray[] Unpack(NDArray x, int axis)
    {
        var perm = Enumerable.Range(0, x.ndim).Where(d => d != axis).Prepend(axis).ToArray();
        var moved = Transpose(x, perm);
        var result = new NDArray[x.Dims[axis]];
        for (int i = 0; i < result.Length; i++) result[i] = moved[i];
        return result;
    }

    internal static NDArray Concat(NDArray[] values, int axis)
    {
        var first = values[0];
        var dims = first.Dims.ToArray();
        dims[axis] = values.Sum(v => v.Dims[axis]);
        long outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= dims[d];
        for (int d = axis + 1; d < dims.Length; d++) inner *= dims[d];
        var r = Array.CreateInstance(first.Storage.GetType().GetElementType()!, dims.Aggregate(1L, (p, q) => p * q));
        long dst = 0;
        for (long o = 0; o < outer; o++)
            foreach (var v in values)
            {
                long chunk = v.Dims[axis] * inner;
                Array.Copy(v.Storage, o * chunk, r, dst, chunk);
                dst += chunk;
            }
        return new NDArray(r, dims);
    }

    /// <summary>
    /// A value of <paramref name="dims"/> filled with the attribute's value in its dtype: one typed array, written once
    /// (converting a single element, then filling; no double-typed copy of the whole value).
    /// </summary>
    internal static NDArray Full(long[] dims, FillAttr a, string fn = "tf.fill")
    {
        Runtime.MemoryGuard.Check(fn, dims, a.DType);
        long n = 1;
        foreach (var d in dims) n *= d;
        var one = a.Value.Storage;
        return new NDArray(one switch
        {
            float[] v => Filled(v[0], n),
            double[] v => Filled(v[0], n),
            int[] v => Filled(v[0], n),
            long[] v => Filled(v[0], n),
            bool[] v => Filled(v[0], n),
            sbyte[] v when a.DType == TF_DataType.TF_INT8 => Filled(v[0], n), // a byte[] matches sbyte[] too (CLR array covariance)
            byte[] v => Filled(v[0], n),
            short[] v => Filled(v[0], n),
            _ => throw new InvalidOperationException($"Fill of {a.DType}"),
        }, dims);
    }

    private static T[] Filled<T>(T value, long n)
    {
        var r = GC.AllocateUninitializedArray<T>(checked((int)n));
        r.AsSpan().Fill(value);
        return r;
    }

    /// <summary>concat's gradient for one input: its slice of the gradient (x[0]) along the axis; x[1..] are concat's inputs.</summary>
    internal static NDArray ConcatSlice(NDArray[] x, ConcatSliceAttr a)
    {
        var grad = x[0];
        long begin = 0;
        for (int i = 0; i < a.Input; i++) begin += x[1 + i].Dims[a.Axis];
        var like = x[1 + a.Input];
        long outer = 1, inner = 1;
        for (int d = 0; d < a.Axis; d++) outer *= grad.Dims[d];
        for (int d = a.Axis + 1; d < grad.ndim; d++) inner *= grad.Dims[d];
        long width = like.Dims[a.Axis], total = grad.Dims[a.Axis];
        var r = Array.CreateInstance(grad.Storage.GetType().GetElementType()!, like.size);
        for (long o = 0; o < outer; o++)
            Array.Copy(grad.Storage, (o * total + begin) * inner, r, o * width * inner, width * inner);
        return new NDArray(r, like.Dims.ToArray());
    }
}
