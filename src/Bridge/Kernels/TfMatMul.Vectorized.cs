using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Bridge.Kernels;

// The sequential order (each dot product adds its rounded terms a(i,p) * b(p,j) in order p = 0 .. k-1, no fused
// multiply-add) computed many outputs at a time: eight SIMD lanes hold eight independent dot products, each added in
// exactly the scalar order, so the result is bit for bit the scalar loop's (TfMatMulTests check this).
// This is what lets lab 07-4's 100x784 products run here (29 us) rather than in libtorch, whose BLAS takes 57 us on
// that narrow shape (`bench torch-parts`) and adds in another order.
internal static partial class TfMatMul
{
    private const int Lanes = 8; // Vector256<float>

    private const int KeptPackSize = 1 << 20; // floats: 4 MB

    [ThreadStatic] private static float[]? _packed;

    /// <summary>c = op(A) op(B) in the sequential order, vectorized over output columns or (for a transposed A) rows.</summary>
    internal static unsafe void Sequential(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, bool transposeA, bool transposeB, Span<float> c)
    {
        if (!Vector256.IsHardwareAccelerated || m == 0 || n == 0)
        {
            SequentialScalar(a, b, m, k, n, transposeA, transposeB, c);
            return;
        }
        // B is copied into rows of `width` floats (ByColumns: padded with zeros, so every vector load is whole and in bounds).
        bool byRows = transposeA && m >= 2 * Lanes;
        int width = byRows ? n : RoundUp(n, Lanes); // ByRows reads only the n real columns
        int size = k * width;
        // Reused per thread (lab 07-4 packs its 784x10 weights every step); a rare huge operand is not kept alive.
        var packed = _packed is { } p && p.Length >= size ? p
            : size <= KeptPackSize ? _packed = new float[Math.Max(size, 1024)]
            : new float[size];
        Pack(b, k, n, transposeB, packed.AsSpan(0, size), width);
        fixed (float* pa = a, pb = packed, pc = c)
        {
            if (byRows) ByRows(pa, pb, m, k, n, width, pc, 0, m);
            else ByColumns(pa, pb, m, k, n, width, transposeA, pc, 0, m);
        }
    }

    /// <summary>Products of at least this many multiply-adds (~8 us) share their rows with the helper thread.</summary>
    internal const long ParallelWork = 1 << 18;

    /// <summary>Whether <see cref="Shared"/> computes a product of these sizes (a large one, with a helper thread).</summary>
    internal static bool Shares(int m, int k, int n) => (long)m * k * n >= ParallelWork && m >= 8 && Vector256.IsHardwareAccelerated && HelperThread.Worthwhile;

    // The packed B and the helper's output buffer of the last shared product on this thread, reused unless the
    // helper may still be writing into them (an abandoned part).
    [ThreadStatic] private static float[]? _sharedPacked, _sharedScratch;

    /// <summary>
    /// <see cref="Sequential"/> with its row blocks (ByRows' sixteen rows of C, ByColumns' four) shared with the helper
    /// thread: every block's outputs are computed whole, each in its own order, so no bit depends on who computed it.
    /// The operands are arrays, which the helper pins itself (it may still read them after this returns, into a
    /// result that is dropped).
    /// </summary>
    internal static void Shared(float[] a, ReadOnlySpan<float> b, int m, int k, int n, bool transposeA, bool transposeB, float[] c)
    {
        bool byRows = transposeA && m >= 2 * Lanes;
        int width = byRows ? n : RoundUp(n, Lanes);
        var packed = _sharedPacked is { } p && p.Length >= k * width ? p : new float[k * width];
        var scratch = _sharedScratch is { } s && s.Length >= m * n ? s : GC.AllocateUninitializedArray<float>(m * n);
        _sharedPacked = _sharedScratch = null;
        Pack(b, k, n, transposeB, packed.AsSpan(0, k * width), width);
        int blocks = byRows ? (m + 2 * Lanes - 1) / (2 * Lanes) : (m + 3) / 4;
        var job = new RowParts(a, packed, c, scratch, m, k, n, width, transposeA, byRows, blocks, Math.Min(blocks, 8));
        job.RunAll();
        if (!job.Abandoned) (_sharedPacked, _sharedScratch) = (packed, scratch);
    }

    /// <summary>The row blocks of one product in runs of consecutive blocks.</summary>
    private sealed class RowParts(float[] a, float[] packed, float[] c, float[] scratch, int m, int k, int n, int width, bool transposeA, bool byRows, int blocks, int parts)
        : HelperThread.Parts
    {
        protected override int Count => parts;

        private (int from, int to) Rows(int index)
        {
            int rowsPerBlock = byRows ? 2 * Lanes : 4;
            return ((int)((long)index * blocks / parts) * rowsPerBlock, Math.Min(m, (int)((long)(index + 1) * blocks / parts) * rowsPerBlock));
        }

        protected override unsafe void RunPart(int index, bool onHelper)
        {
            var (from, to) = Rows(index);
            fixed (float* pa = a, pb = packed, pc = onHelper ? scratch : c)
            {
                if (byRows) ByRows(pa, pb, m, k, n, width, pc, from, to);
                else ByColumns(pa, pb, m, k, n, width, transposeA, pc, from, to);
            }
        }

        protected override void TakeHelperPart(int index)
        {
            var (from, to) = Rows(index);
            scratch.AsSpan(from * n, (to - from) * n).CopyTo(c.AsSpan(from * n));
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private static unsafe void Pack(ReadOnlySpan<float> b, int k, int n, bool transposeB, Span<float> packed, int width)
    {
        fixed (float* source = b, destination = packed)
            for (int p = 0; p < k; p++)
            {
                float* row = destination + (long)p * width;
                if (transposeB)
                    for (int j = 0; j < n; j++) row[j] = source[(long)j * k + p];
                else
                    Buffer.MemoryCopy(source + (long)p * n, row, n * sizeof(float), n * sizeof(float));
                for (int j = n; j < width; j++) row[j] = 0f;
            }
    }

    /// <summary>Four rows of C at a time, sixteen (or eight) columns per pass: A's elements are broadcast, B's rows loaded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: full optimization from the first call
    private static unsafe void ByColumns(float* a, float* b, int m, int k, int n, int width, bool transposeA, float* c, int rowFrom, int rowTo)
    {
        // a(i, p) is at a[i * rowStep + p * depthStep]. Rows rowFrom .. rowTo - 1 of C (rowFrom a multiple of 4).
        long rowStep = transposeA ? 1 : k, depthStep = transposeA ? m : 1;
        float* tile = stackalloc float[4 * 2 * Lanes];
        for (int j0 = 0; j0 < width; j0 += 2 * Lanes)
        {
            bool two = width - j0 >= 2 * Lanes;
            int columns = Math.Min(two ? 2 * Lanes : Lanes, n - j0);
            for (int i = rowFrom; i < rowTo; i += 4)
            {
                int rows = Math.Min(4, rowTo - i);
                float* ai = a + (long)i * rowStep;
                if (rows == 4 && two) Tile4x16(ai, rowStep, depthStep, b + j0, k, width, tile);
                else if (rows == 4) Tile4x8(ai, rowStep, depthStep, b + j0, k, width, tile);
                else
                    for (int r = 0; r < rows; r++) Tile1x16(ai + r * rowStep, depthStep, b + j0, k, width, two, tile + r * 2 * Lanes);
                for (int r = 0; r < rows; r++)
                    new ReadOnlySpan<float>(tile + r * 2 * Lanes, columns).CopyTo(new Span<float>(c + (long)(i + r) * n + j0, columns));
            }
        }
    }

    // The tiles are separate methods so that the JIT keeps their eight accumulators in registers (inlined into the
    // loop above, it spilled them to the stack on every step: 4x slower).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: full optimization from the first call
    private static unsafe void Tile4x16(float* a0, long rowStep, long depthStep, float* b, int k, int width, float* tile)
    {
        float* a1 = a0 + rowStep, a2 = a1 + rowStep, a3 = a2 + rowStep;
        var c00 = Vector256<float>.Zero; var c01 = c00; var c10 = c00; var c11 = c00;
        var c20 = c00; var c21 = c00; var c30 = c00; var c31 = c00;
        for (long p = 0, q = 0; p < k; p++, q += depthStep, b += width)
        {
            var b0 = Vector256.Load(b); var b1 = Vector256.Load(b + Lanes);
            var x = Vector256.Create(a0[q]); c00 += x * b0; c01 += x * b1;
            x = Vector256.Create(a1[q]); c10 += x * b0; c11 += x * b1;
            x = Vector256.Create(a2[q]); c20 += x * b0; c21 += x * b1;
            x = Vector256.Create(a3[q]); c30 += x * b0; c31 += x * b1;
        }
        c00.Store(tile); c01.Store(tile + Lanes); c10.Store(tile + 2 * Lanes); c11.Store(tile + 3 * Lanes);
        c20.Store(tile + 4 * Lanes); c21.Store(tile + 5 * Lanes); c30.Store(tile + 6 * Lanes); c31.Store(tile + 7 * Lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: full optimization from the first call
    private static unsafe void Tile4x8(float* a0, long rowStep, long depthStep, float* b, int k, int width, float* tile)
    {
        float* a1 = a0 + rowStep, a2 = a1 + rowStep, a3 = a2 + rowStep;
        var c0 = Vector256<float>.Zero; var c1 = c0; var c2 = c0; var c3 = c0;
        for (long p = 0, q = 0; p < k; p++, q += depthStep, b += width)
        {
            var b0 = Vector256.Load(b);
            c0 += Vector256.Create(a0[q]) * b0; c1 += Vector256.Create(a1[q]) * b0;
            c2 += Vector256.Create(a2[q]) * b0; c3 += Vector256.Create(a3[q]) * b0;
        }
        c0.Store(tile); c1.Store(tile + 2 * Lanes); c2.Store(tile + 4 * Lanes); c3.Store(tile + 6 * Lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: full optimization from the first call
    private static unsafe void Tile1x16(float* a0, long depthStep, float* b, int k, int width, bool two, float* tile)
    {
        var c0 = Vector256<float>.Zero; var c1 = c0;
        for (long p = 0, q = 0; p < k; p++, q += depthStep, b += width)
        {
            var x = Vector256.Create(a0[q]);
            c0 += x * Vector256.Load(b);
            if (two) c1 += x * Vector256.Load(b + Lanes);
        }
        c0.Store(tile); c1.Store(tile + Lanes);
    }

    /// <summary>
    /// A transposed A (stored [k, m]) has each output column's sixteen next rows contiguous: they are loaded, and
    /// B's elements broadcast, four columns per pass (then two, then one: no padded columns are computed). Rows
    /// past the last sixteen are done one at a time. Rows rowFrom .. rowTo - 1 of C (rowFrom a multiple of 16).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: full optimization from the first call
    private static unsafe void ByRows(float* a, float* b, int m, int k, int n, int width, float* c, int rowFrom, int rowTo)
    {
        float* lanes = stackalloc float[2 * Lanes];
        int blocked = rowFrom + (rowTo - rowFrom) / (2 * Lanes) * (2 * Lanes);
        for (int i0 = rowFrom; i0 < blocked; i0 += 2 * Lanes)
        {
            float* column = c + (long)i0 * n;
            int j0 = 0;
            for (; j0 + 4 <= n; j0 += 4) Rows16x4(a + i0, b + j0, m, k, width, lanes, column + j0, n);
            if (j0 + 2 <= n) { Rows16x2(a + i0, b + j0, m, k, width, lanes, column + j0, n); j0 += 2; }
            if (j0 < n) Rows16x1(a + i0, b + j0, m, k, width, lanes, column + j0, n);
        }
        for (int i = blocked; i < rowTo; i++)
            for (int j = 0; j < n; j++)
            {
                float acc = 0;
                for (int p = 0; p < k; p++) acc += a[(long)p * m + i] * b[(long)p * width + j];
                c[(long)i * n + j] = acc;
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: full optimization from the first call
    private static unsafe void Rows16x4(float* ap, float* bp, int m, int k, int width, float* lanes, float* column, int n)
    {
        var r00 = Vector256<float>.Zero; var r01 = r00; var r10 = r00; var r11 = r00;
        var r20 = r00; var r21 = r00; var r30 = r00; var r31 = r00;
        for (int p = 0; p < k; p++, ap += m, bp += width)
        {
            var x0 = Vector256.Load(ap); var x1 = Vector256.Load(ap + Lanes);
            var y = Vector256.Create(bp[0]); r00 += x0 * y; r01 += x1 * y;
            y = Vector256.Create(bp[1]); r10 += x0 * y; r11 += x1 * y;
            y = Vector256.Create(bp[2]); r20 += x0 * y; r21 += x1 * y;
            y = Vector256.Create(bp[3]); r30 += x0 * y; r31 += x1 * y;
        }
        StoreColumn(r00, r01, lanes, column, n);
        StoreColumn(r10, r11, lanes, column + 1, n);
        StoreColumn(r20, r21, lanes, column + 2, n);
        StoreColumn(r30, r31, lanes, column + 3, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: full optimization from the first call
    private static unsafe void Rows16x2(float* ap, float* bp, int m, int k, int width, float* lanes, float* column, int n)
    {
        var r00 = Vector256<float>.Zero; var r01 = r00; var r10 = r00; var r11 = r00;
        for (int p = 0; p < k; p++, ap += m, bp += width)
        {
            var x0 = Vector256.Load(ap); var x1 = Vector256.Load(ap + Lanes);
            var y = Vector256.Create(bp[0]); r00 += x0 * y; r01 += x1 * y;
            y = Vector256.Create(bp[1]); r10 += x0 * y; r11 += x1 * y;
        }
        StoreColumn(r00, r01, lanes, column, n);
        StoreColumn(r10, r11, lanes, column + 1, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: full optimization from the first call
    private static unsafe void Rows16x1(float* ap, float* bp, int m, int k, int width, float* lanes, float* column, int n)
    {
        var r00 = Vector256<float>.Zero; var r01 = r00;
        for (int p = 0; p < k; p++, ap += m, bp += width)
        {
            var x0 = Vector256.Load(ap); var x1 = Vector256.Load(ap + Lanes);
            var y = Vector256.Create(bp[0]); r00 += x0 * y; r01 += x1 * y;
        }
        StoreColumn(r00, r01, lanes, column, n);
    }

    private static unsafe void StoreColumn(Vector256<float> low, Vector256<float> high, float* lanes, float* destination, int stride)
    {
        low.Store(lanes);
        high.Store(lanes + Lanes);
        for (int l = 0; l < 2 * Lanes; l++) destination[(long)l * stride] = lanes[l];
    }
}
