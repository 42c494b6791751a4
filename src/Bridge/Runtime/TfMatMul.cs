namespace Bridge;

/// <summary>
/// TF 1.x's float32 matrix product in the order its Eigen CPU kernels add (no fused multiply-add, as its release
/// builds). A product with one output column and an untransposed left operand is Eigen's row-major matrix-vector
/// kernel: each dot product accumulates four SSE lanes (term k into lane k % 4), combines them as
/// (l0 + l2) + (l1 + l3), then adds the terms past the last full packet one by one. Every other product is
/// Eigen's blocked kernel, which adds the terms of each dot product in order. The labs' recorded traces (lab 07-2's
/// forward pass and gradients, lab 07-1's) pin these orders down. Used for small products (the labs' sizes); large
/// ones go to the engine's BLAS, whose order differs by an ulp here and there.
/// </summary>
internal static class TfMatMul
{
    /// <summary>Products up to this many multiply-adds are computed here.</summary>
    public const long MaxWork = 1 << 16;

    /// <summary>C[m, n] = op(A) op(B), with A stored [m, k] (or [k, m] if transposed) and B stored [k, n] (or [n, k]).</summary>
    public static float[] Compute(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, bool transposeA, bool transposeB)
    {
        var c = new float[m * n];
        bool laneOrder = n == 1 && !transposeA;
        var terms = new float[k];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                for (int p = 0; p < k; p++)
                {
                    float av = transposeA ? a[p * m + i] : a[i * k + p];
                    float bv = transposeB ? b[j * k + p] : b[p * n + j];
                    terms[p] = av * bv;
                }
                c[i * n + j] = laneOrder ? LaneDot(terms) : SequentialDot(terms);
            }
        return c;
    }

    private static float SequentialDot(ReadOnlySpan<float> terms)
    {
        float acc = 0;
        foreach (var t in terms) acc += t;
        return acc;
    }

    private static float LaneDot(ReadOnlySpan<float> terms)
    {
        // The matrix-vector kernel adds the packet lanes first, then the tail terms one by one (a reduction adds
        // the tail first: TfReduction.InnerSum).
        float acc = 0;
        acc += TfReduction.LaneSum(terms, out int vectorized);
        for (int p = vectorized; p < terms.Length; p++) acc += terms[p];
        return acc;
    }
}
