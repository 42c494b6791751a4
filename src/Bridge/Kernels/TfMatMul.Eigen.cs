using System.Runtime.Intrinsics;

namespace Bridge.Kernels;

// Eigen's blocked product (gebp) in a configurable order, for the TF builds' profiles (TfProfile, issue 16).
// Eigen works on C^T = B^T A^T (TF's tensors are row-major), so its rows are C's columns j and its columns C's rows i.
// For one depth block [k0, k1) (Eigen's kc; the whole depth if not split) each output gets a partial sum that is then
// added into it (C = C + partial, C starting at zero):
// - C's columns below n / P * P (P the packet width) are the packet kernels' rows (1pX4 .. 3pX4): each output
//   accumulates its terms in order in one register lane; so do C's rows past m / 4 * 4 (gebp's remaining columns);
// - the last n % P columns of the first m / 4 * 4 rows are gebp's "remaining rows" kernel (the swapped traits): with
//   spk = P / 4 terms per step, term t goes into accumulator (t / spk) % 4, lane half t % spk, over the first
//   depth / (4 spk) * (4 spk) terms; the accumulators are combined as (C0 + C1) + (C2 + C3), the terms up to
//   depth / spk * spk are added to that, the halves are added (predux_downto4, AVX), then an odd last term.
// madd is a rounded product then a rounded sum, or one fused operation on FMA builds.
internal static partial class TfMatMul
{
    /// <summary>C[m, n] = op(A) op(B) in the gebp order <paramref name="profile"/> describes.</summary>
    internal static unsafe float[] EigenGebp(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, bool transposeA, bool transposeB, TfProfile profile)
    {
        var c = new float[m * n];
        // A as [m, k] rows and B both as [k, width] rows (zero-padded to whole vectors) and as [n, k] columns, so that
        // both kernels read contiguous runs; copying does not change a bit.
        int width = RoundUp(n, Lanes);
        var rowsA = new float[m * k];
        var packed = new float[k * width];
        var columnsB = new float[n * k];
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++) rowsA[i * k + p] = transposeA ? a[p * m + i] : a[i * k + p];
        for (int p = 0; p < k; p++)
            for (int j = 0; j < n; j++)
                columnsB[j * k + p] = packed[p * width + j] = transposeB ? b[j * k + p] : b[p * n + j];
        int packet = profile.RemainingPacket;
        int inOrderColumns = packet == 1 ? n : n / packet * packet;
        int panelRows = m / 4 * 4;
        int kc = profile.DepthBlock > 0 ? profile.DepthBlock : Math.Max(k, 1);
        bool fma = profile.Fma;
        float* partial = stackalloc float[width];
        fixed (float* pa = rowsA, pb = packed, pt = columnsB)
            for (int k0 = 0; k0 < k; k0 += kc)
            {
                int depth = Math.Min(k, k0 + kc) - k0;
                for (int i = 0; i < m; i++)
                {
                    int ordered = i < panelRows ? inOrderColumns : n;
                    float* row = pa + (long)i * k + k0;
                    // In order, eight columns at a time (lanes are independent sums: the scalar order's bits).
                    for (int j0 = 0; j0 < ordered; j0 += Lanes)
                    {
                        var acc = Vector256<float>.Zero;
                        float* bp = pb + (long)k0 * width + j0;
                        for (int t = 0; t < depth; t++, bp += width)
                        {
                            var x = Vector256.Create(row[t]);
                            acc = fma ? Vector256.FusedMultiplyAdd(x, Vector256.Load(bp), acc) : acc + x * Vector256.Load(bp);
                        }
                        acc.Store(partial + j0);
                    }
                    for (int j = ordered; j < n; j++)
                        partial[j] = RemainingRow(row, pt + (long)j * k + k0, depth, packet, fma);
                    for (int j = 0; j < n; j++) c[i * n + j] += partial[j];
                }
            }
        return c;
    }

    /// <summary>
    /// gebp's remaining-rows kernel for one output over one depth block of <paramref name="depth"/> terms x[t] y[t]:
    /// term t into accumulator t % (4 spk) over the first depth / (4 spk) * (4 spk) terms.
    /// </summary>
    internal static unsafe float RemainingRow(float* x, float* y, int depth, int packet, bool fma)
    {
        int spk = Math.Max(1, packet / 4), group = 4 * spk;
        int endk = depth / spk * spk, endk4 = depth / group * group;
        Span<float> s = stackalloc float[8];
        s.Clear();
        int t = 0;
        for (; t < endk4; t += group)
            for (int l = 0; l < group; l++) s[l] = Madd(x[t + l], y[t + l], s[l], fma);
        // padd(padd(C0, C1), padd(C2, C3)), lane by lane: accumulator q holds terms 4 spk u + q spk + h
        float h0 = spk == 1 ? (s[0] + s[1]) + (s[2] + s[3]) : (s[0] + s[2]) + (s[4] + s[6]);
        float h1 = spk == 1 ? 0f : (s[1] + s[3]) + (s[5] + s[7]);
        for (; t < endk; t += spk)
        {
            h0 = Madd(x[t], y[t], h0, fma);
            if (spk == 2) h1 = Madd(x[t + 1], y[t + 1], h1, fma);
        }
        float r = spk == 2 ? h0 + h1 : h0; // predux_downto4: the two halves added lane by lane
        if (t < depth) r = Madd(x[t], y[t], r, fma);
        return r;
    }

    private static float Madd(float x, float y, float acc, bool fma) => fma ? MathF.FusedMultiplyAdd(x, y, acc) : acc + x * y;
}
