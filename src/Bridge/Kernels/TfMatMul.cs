using System.Runtime.Intrinsics;

namespace Bridge.Kernels;

/// <summary>
/// TF 1.x's float32 matrix product in the order its Eigen CPU kernels add (no fused multiply-add, as its release
/// builds). A product with one output column and an untransposed left operand is Eigen's row-major matrix-vector
/// kernel: each dot product accumulates four SSE lanes (term k into lane k % 4), combines them as
/// (l0 + l2) + (l1 + l3), then adds the terms past the last full packet one by one. Every other product is
/// Eigen's blocked kernel, which adds the terms of each dot product in order. The labs' recorded traces (lab 07-2's
/// forward pass and gradients, lab 07-1's) pin these orders down. Used for small products (the labs' sizes) and
/// narrow ones (lab 07-4's 100x784 by 784x10), vectorized (TfMatMul.Vectorized.cs); large square ones go to the
/// engine's BLAS, whose threads are faster there and whose order differs by an ulp here and there.
/// </summary>
internal static partial class TfMatMul
{
    /// <summary>Products up to this many multiply-adds are computed here whatever their shape.</summary>
    public const long MaxWork = 1 << 16;

    /// <summary>
    /// Narrow products (at most this many output columns, as a softmax classifier's) are computed here at any size:
    /// they are bound by reading A, which this kernel does once, and libtorch's BLAS was slower on every such shape
    /// measured (100x784 by 784x10: 57 us against 29 us; 10000x784 by 784x10: 13-23 ms against 3.4-4.8 ms, on a busy machine).
    /// </summary>
    public const int NarrowColumns = 16;

    /// <summary>Whether a product of these sizes is computed here rather than by the engine's BLAS.</summary>
    public static bool Handles(int m, int k, int n) => (long)m * k * n <= MaxWork || n <= NarrowColumns;

    /// <summary>C[m, n] = op(A) op(B), with A stored [m, k] (or [k, m] if transposed) and B stored [k, n] (or [n, k]).</summary>
    public static float[] Compute(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, bool transposeA, bool transposeB)
    {
        var c = new float[m * n];
        if (n == 1 && !transposeA) LaneOrder(a, b, m, k, c); // B is a column: stored [k, 1] or [1, k], the same k floats
        else Sequential(a, b, m, k, n, transposeA, transposeB, c);
        return c;
    }

    /// <summary>The sequential order one dot product at a time: the definition the vectorized kernel must equal.</summary>
    internal static void SequentialScalar(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, bool transposeA, bool transposeB, Span<float> c)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float acc = 0;
                for (int p = 0; p < k; p++)
                    acc += (transposeA ? a[p * m + i] : a[i * k + p]) * (transposeB ? b[j * k + p] : b[p * n + j]);
                c[i * n + j] = acc;
            }
    }

    /// <summary>The matrix-vector order, one SSE packet (four lanes) per step, as Eigen's kernel: bit for bit <see cref="LaneOrderScalar"/>.</summary>
    private static unsafe void LaneOrder(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, Span<float> c)
    {
        if (!Vector128.IsHardwareAccelerated)
        {
            LaneOrderScalar(a, b, m, k, c);
            return;
        }
        int packed = k / 4 * 4;
        fixed (float* pa = a, pb = b)
            for (int i = 0; i < m; i++)
            {
                float* row = pa + (long)i * k;
                var lanes = Vector128<float>.Zero;
                for (int p = 0; p < packed; p += 4) lanes += Vector128.Load(row + p) * Vector128.Load(pb + p);
                float acc = 0;
                acc += (lanes[0] + lanes[2]) + (lanes[1] + lanes[3]);
                for (int p = packed; p < k; p++) acc += row[p] * pb[p];
                c[i] = acc;
            }
    }

    /// <summary>The matrix-vector order one term at a time: the definition <see cref="LaneOrder"/> must equal.</summary>
    internal static void LaneOrderScalar(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, Span<float> c)
    {
        var terms = new float[k];
        for (int i = 0; i < m; i++)
        {
            for (int p = 0; p < k; p++) terms[p] = a[i * k + p] * b[p];
            c[i] = LaneDot(terms);
        }
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
