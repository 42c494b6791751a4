namespace Bridge;

/// <summary>
/// TF 1.x's float32 sum and mean, in the order its Eigen CPU kernels add: float addition is not associative, and the
/// labs' printed costs depend on the order. TF first collapses adjacent reduced and kept dimensions, then:
/// a reduced innermost block is summed in four SSE lanes (element i into lane i % 4), the lanes combined as
/// (l0 + l2) + (l1 + l3), and the tail past the last full packet added one by one and then to that; a reduced outer or
/// middle dimension is summed sequentially. A mean divides that sum by the count.
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
            if (dims[d] == 1 && dims.Length > 1) continue; // size-1 dimensions do not change the order
            if (reduced.Count > 0 && reduced[^1] == r) sizes[^1] *= dims[d];
            else { sizes.Add(dims[d]); reduced.Add(r); }
        }
        long total = 1;
        foreach (var d in dims) total *= d;
        long count = 1;
        foreach (var a in axes) count *= dims[a];
        float[] result;
        if (sizes.Count == 0 || reduced.All(r => r))
            result = [InnerSum(data[..(int)total])];
        else if (!reduced.Any(r => r))
            result = data.ToArray();
        else if (sizes.Count == 2 && !reduced[0])
            result = Rows(data, (int)sizes[0], (int)sizes[1]);             // [keep, reduce]
        else if (sizes.Count == 2)
            result = Columns(data, 1, (int)sizes[0], (int)sizes[1]);        // [reduce, keep]
        else if (sizes.Count == 3 && !reduced[0])
            result = Columns(data, (int)sizes[0], (int)sizes[1], (int)sizes[2]); // [keep, reduce, keep]
        else
            result = Generic(data, sizes, reduced);
        if (mean)
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

    /// <summary>Other patterns: each output sums its reduced elements in row-major order.</summary>
    private static float[] Generic(ReadOnlySpan<float> data, List<long> sizes, List<bool> reduced)
    {
        int n = sizes.Count;
        var outDims = Enumerable.Range(0, n).Where(i => !reduced[i]).Select(i => sizes[i]).ToArray();
        var result = new float[outDims.Aggregate(1L, (a, b) => a * b)];
        var index = new long[n];
        for (long flat = 0; flat < data.Length; flat++)
        {
            long o = 0;
            for (int i = 0; i < n; i++) if (!reduced[i]) o = o * sizes[i] + index[i];
            result[o] += data[(int)flat];
            for (int i = n - 1; i >= 0; i--)
            {
                if (++index[i] < sizes[i]) break;
                index[i] = 0;
            }
        }
        return result;
    }
}
