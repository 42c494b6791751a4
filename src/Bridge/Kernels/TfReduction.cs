namespace Bridge.Kernels;

/// <summary>
/// TF 1.x's float32 sum and mean, in the order its Eigen CPU kernels add: float addition is not associative, and the
/// labs' printed costs depend on the order. TF first collapses adjacent reduced and kept dimensions (dropping size-1
/// ones), then: a reduced innermost block is summed in four SSE lanes (element i into lane i % 4), the lanes combined
/// as (l0 + l2) + (l1 + l3), and the tail past the last full packet added one by one and then to that; a reduced
/// outer or middle dimension is summed sequentially; [reduce, keep, reduce] adds each output's values with the last
/// reduced dimension outermost (Eigen's GenericDimReducer); four or more runs are transposed so that the reduced
/// runs come last, then summed as a reduced innermost block. A mean divides that sum by the count.
/// Not modelled: Eigen splits a full sum (not a mean) of more than about 220 000 values into one block per thread.
/// </summary>
internal static class TfReduction
{
    private const int Packet = 4;

    /// <summary>Sums (or averages) <paramref name="data"/> of shape <paramref name="dims"/> over the sorted <paramref name="axes"/>.</summary>
    public static float[] Reduce(ReadOnlySpan<float> data, ReadOnlySpan<long> dims, int[] axes, bool mean)
    {
        // Collapse into groups of consecutive dimensions that are all reduced or all kept.
        var sizes = new List<long>();
        var reduced = new List<bool>();
        for (int d = 0; d < dims.Length; d++)
        {
            bool r = Array.IndexOf(axes, d) >= 0;
            if (dims[d] == 1) continue; // size-1 dimensions do not change the order
            if (reduced.Count > 0 && reduced[^1] == r) sizes[^1] *= dims[d];
            else { sizes.Add(dims[d]); reduced.Add(r); }
        }
        long count = 1;
        foreach (var a in axes) count *= dims[a];
        float[] result;
        if (!reduced.Any(r => r))
            result = data.ToArray();                                        // nothing to add: TF copies
        else if (sizes.Count == 1)
            result = [InnerSum(data)];
        else if (sizes.Count == 2 && !reduced[0])
            result = Rows(data, (int)sizes[0], (int)sizes[1]);             // [keep, reduce]
        else if (sizes.Count == 2)
            result = Columns(data, 1, (int)sizes[0], (int)sizes[1]);        // [reduce, keep]
        else if (sizes.Count == 3 && !reduced[0])
            result = Columns(data, (int)sizes[0], (int)sizes[1], (int)sizes[2]); // [keep, reduce, keep]
        else if (sizes.Count == 3)
            result = OuterAndInner(data, (int)sizes[0], (int)sizes[1], (int)sizes[2]); // [reduce, keep, reduce]
        else
            result = Transposed(data, sizes, reduced);
        if (mean && TfProfile.Current is { MeanByReciprocal: true })
        {
            float inverse = 1f / count;
            for (int i = 0; i < result.Length; i++) result[i] *= inverse;
        }
        else if (mean)
            for (int i = 0; i < result.Length; i++) result[i] /= count;
        return result;
    }

    /// <summary>Eigen's vectorised inner reduction of one contiguous block.</summary>
    internal static float InnerSum(ReadOnlySpan<float> block)
    {
        float lanes = LaneSum(block, out int vectorized);
        float tail = 0;
        for (int j = vectorized; j < block.Length; j++) tail += block[j];
        return tail + lanes;
    }

    /// <summary>
    /// The SSE packet part of a sum: term i into lane i % 4 over the full packets, lanes combined as
    /// (l0 + l2) + (l1 + l3) (Eigen's predux). <paramref name="vectorized"/> is how many terms that covered.
    /// </summary>
    internal static float LaneSum(ReadOnlySpan<float> terms, out int vectorized)
    {
        if (TfProfile.Current is { ReducePacket: 8 }) return LaneSum8(terms, out vectorized);
        vectorized = terms.Length / Packet * Packet;
        float l0 = 0, l1 = 0, l2 = 0, l3 = 0;
        for (int j = 0; j < vectorized; j += Packet)
        {
            l0 += terms[j];
            l1 += terms[j + 1];
            l2 += terms[j + 2];
            l3 += terms[j + 3];
        }
        return (l0 + l2) + (l1 + l3);
    }

    /// <summary>An AVX build's packet part: term i into lane i % 8, the halves added lane by lane, then as SSE's predux.</summary>
    private static float LaneSum8(ReadOnlySpan<float> terms, out int vectorized)
    {
        vectorized = terms.Length / 8 * 8;
        Span<float> l = stackalloc float[8];
        l.Clear();
        for (int j = 0; j < vectorized; j += 8)
            for (int q = 0; q < 8; q++) l[q] += terms[j + q];
        float b0 = l[0] + l[4], b1 = l[1] + l[5], b2 = l[2] + l[6], b3 = l[3] + l[7];
        return (b0 + b2) + (b1 + b3);
    }

    private static float[] Rows(ReadOnlySpan<float> data, int rows, int length)
    {
        var result = new float[rows];
        for (int r = 0; r < rows; r++) result[r] = InnerSum(data.Slice(r * length, length));
        return result;
    }

    /// <summary>Sequential sums over the middle dimension of [outer, reduce, inner].</summary>
    private static float[] Columns(ReadOnlySpan<float> data, int outer, int reduce, int inner)
    {
        var result = new float[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < reduce; i++)
            {
                int src = (o * reduce + i) * inner, dst = o * inner;
                for (int k = 0; k < inner; k++) result[dst + k] += data[src + k];
            }
        return result;
    }

    /// <summary>
    /// [reduce, keep, reduce]: Eigen's GenericDimReducer, one accumulator per output, the last reduced dimension in the
    /// outer loop and the first in the inner one (so not in memory order).
    /// </summary>
    private static float[] OuterAndInner(ReadOnlySpan<float> data, int first, int keep, int last)
    {
        var result = new float[keep];
        for (int j = 0; j < last; j++)
            for (int i = 0; i < first; i++)
            {
                int src = i * keep * last + j;
                for (int k = 0; k < keep; k++) result[k] += data[src + k * last];
            }
        return result;
    }

    /// <summary>
    /// Four or more runs: TF transposes the kept runs first and the reduced runs last (each in its order), then sums
    /// each output's contiguous block as an innermost reduction.
    /// </summary>
    private static float[] Transposed(ReadOnlySpan<float> data, List<long> sizes, List<bool> reduced)
    {
        int n = sizes.Count;
        var strides = new long[n];
        long step = 1;
        for (int i = n - 1; i >= 0; i--) { strides[i] = step; step *= sizes[i]; }
        long[] Offsets(bool ofReduced)
        {
            var offsets = new List<long> { 0 };
            for (int i = 0; i < n; i++)
                if (reduced[i] == ofReduced)
                    offsets = offsets.SelectMany(o => Enumerable.Range(0, (int)sizes[i]).Select(j => o + j * strides[i])).ToList();
            return offsets.ToArray();
        }
        var outputs = Offsets(false);
        var terms = Offsets(true);
        var result = new float[outputs.Length];
        var block = new float[terms.Length];
        for (int o = 0; o < outputs.Length; o++)
        {
            for (int t = 0; t < terms.Length; t++) block[t] = data[(int)(outputs[o] + terms[t])];
            result[o] = InnerSum(block);
        }
        return result;
    }
}
