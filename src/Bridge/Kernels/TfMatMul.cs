using System.Runtime.Intrinsics;

namespace Bridge.Kernels;

/// <summary>
/// TF 1.0's float32 matrix product in the order its CPU kernels add (Eigen of Dec 2016, SSE packets of four floats,
/// no fused multiply-add), following TF 1.0's MatMul dispatch (matmul_op.cc, ExplicitVectorMatrixOptimization):
/// <list type="bullet">
/// <item>one output column (n = 1), A untransposed, or one output row (m = 1) with B transposed: Eigen's row-major
/// matrix-vector kernel: each dot product accumulates four lanes (term k into lane k % 4), combines them as
/// (l0 + l2) + (l1 + l3), then adds the terms past the last full packet one by one;</item>
/// <item>n = 1 with A transposed, or m = 1 with B untransposed (Eigen Tensor's contraction then calls its gemv):
/// Eigen's column-major matrix-vector kernel: the terms in order, in runs of 16 (once k reaches 128) each summed from
/// zero and then added to the result;</item>
/// <item>every other product: Eigen's blocked kernel (gebp) on the row-major operands swapped (C^T = B^T A^T): it adds
/// each dot product's terms in order, except for the last n % 4 output columns of the first m / 4 * 4 output rows,
/// which its "remaining rows" kernel accumulates in four partial sums (term p into sum p % 4 for the first k / 4 * 4
/// terms), combines as (s0 + s1) + (s2 + s3), then adds the remaining terms in order (lab 06-1's 8x4 by 4x3
/// product and its 4x8 by 8x3 gradient; lab 09-3's ten-unit layers).</item>
/// </list>
/// Not modelled: Eigen's depth blocking (it splits k past a cache-sized depth, several hundred, into blocks whose
/// sums add into the result) and its multi-threaded contraction for large products, so products beyond
/// <see cref="MaxWork"/> keep the in-order sums of the blocked kernel throughout. The labs' recorded traces (lab 07-2's
/// forward pass and gradients, 07-1's, 06-1's) pin these orders down. Used for small products (the labs' sizes) and
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

    /// <summary>
    /// C[m, n] = op(A) op(B), with A stored [m, k] (or [k, m] if transposed) and B stored [k, n] (or [n, k]). Large
    /// products of the blocked kernel share their rows with the helper thread (<see cref="Shared"/>): the same bits.
    /// A is an array because the helper pins it itself and may read it after this returns (an abandoned part); B is
    /// packed before that, so it may be any span (a fed array read in place).
    /// </summary>
    public static float[] Compute(float[] a, ReadOnlySpan<float> b, int m, int k, int n, bool transposeA, bool transposeB)
    {
        if (TfProfile.Current is { } profile && m > 1 && n > 1) return EigenGebp(a, b, m, k, n, transposeA, transposeB, profile);
        if (m > 1 && n > 1 && Shares(m, k, n))
        {
            var shared = new float[m * n];
            Shared(a, b, m, k, n, transposeA, transposeB, shared);
            return shared;
        }
        return Compute(a.AsSpan(), b, m, k, n, transposeA, transposeB);
    }

    /// <summary>C[m, n] = op(A) op(B) on this thread alone.</summary>
    public static float[] Compute(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, bool transposeA, bool transposeB)
    {
        if (TfProfile.Current is { } profile && m > 1 && n > 1) return EigenGebp(a, b, m, k, n, transposeA, transposeB, profile);
        var c = new float[m * n];
        if (m == 1 && transposeB) LaneOrder(b, a, n, k, c);                  // B's rows times A's k floats
        else if (m == 1 || (n == 1 && transposeA)) ColumnMajorVector(a, b, m, k, n, transposeA, transposeB, c);
        else if (n == 1) LaneOrder(a, b, m, k, c); // B is a column: stored [k, 1] or [1, k], the same k floats
        else
        {
            Sequential(a, b, m, k, n, transposeA, transposeB, c);
            if ((long)m * k * n <= MaxWork) RemainingRows(a, b, m, k, n, transposeA, transposeB, c);
        }
        return c;
    }

    /// <summary>
    /// Eigen's column-major matrix-vector kernel (one of m, n is 1): each output's terms in order, summed in runs of
    /// 16 columns once k reaches 128 (its block_cols; 4 if the matrix's stride is 8000 floats or more), each run from
    /// zero and then added to the output.
    /// </summary>
    internal static void ColumnMajorVector(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, bool transposeA, bool transposeB, Span<float> c)
    {
        // The matrix is B (m = 1: rows are B's n columns, stride n) or A transposed (n = 1: rows are A's m columns, stride m).
        int stride = m == 1 ? n : m;
        int run = k < 128 ? Math.Max(k, 1) : stride < 8000 ? 16 : 4;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float result = 0;
                for (int p0 = 0; p0 < k; p0 += run)
                {
                    float acc = 0;
                    for (int p = p0; p < Math.Min(p0 + run, k); p++) acc += A(a, i, p, m, k, transposeA) * B(b, p, j, k, n, transposeB);
                    result += acc;
                }
                c[i * n + j] = result;
            }
    }

    /// <summary>
    /// Eigen's gebp "remaining rows" kernel: it works on C^T, so its rows past the last full packet are C's last n % 4
    /// columns, and it takes them with C's rows four at a time (its nr = 4 panels), the rest of C's rows going to its
    /// in-order kernel. Each such dot product: four partial sums (term p into sum p % 4) over the first k / 4 * 4 terms,
    /// combined as (s0 + s1) + (s2 + s3), then the remaining terms in order. Overwrites those outputs of c.
    /// </summary>
    internal static void RemainingRows(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, bool transposeA, bool transposeB, Span<float> c)
    {
        int rows = m / 4 * 4, packedDepth = k / 4 * 4;
        for (int j = n / 4 * 4; j < n; j++)
            for (int i = 0; i < rows; i++)
            {
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int p = 0; p < packedDepth; p += 4)
                {
                    s0 += A(a, i, p, m, k, transposeA) * B(b, p, j, k, n, transposeB);
                    s1 += A(a, i, p + 1, m, k, transposeA) * B(b, p + 1, j, k, n, transposeB);
                    s2 += A(a, i, p + 2, m, k, transposeA) * B(b, p + 2, j, k, n, transposeB);
                    s3 += A(a, i, p + 3, m, k, transposeA) * B(b, p + 3, j, k, n, transposeB);
                }
                float acc = (s0 + s1) + (s2 + s3);
                for (int p = packedDepth; p < k; p++) acc += A(a, i, p, m, k, transposeA) * B(b, p, j, k, n, transposeB);
                c[i * n + j] = acc;
            }
    }

    private static float A(ReadOnlySpan<float> a, int i, int p, int m, int k, bool transposeA) => transposeA ? a[p * m + i] : a[i * k + p];

    private static float B(ReadOnlySpan<float> b, int p, int j, int k, int n, bool transposeB) => transposeB ? b[j * k + p] : b[p * n + j];

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
