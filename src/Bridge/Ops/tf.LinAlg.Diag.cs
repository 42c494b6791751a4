using Bridge.Kernels;

namespace Bridge;

// Diagonals (diag, matrix_diag, eye, trace), tensordot, matrix_transpose and norm.
public sealed partial class tensorflow
{
    /// <summary>
    /// TF's Diag: a tensor of rank 1 to 3, [D1..Dk], becomes [D1..Dk, D1..Dk] with the values where both halves of the
    /// index agree and zeros elsewhere (for a vector: the diagonal matrix). float32, float64, int32, int64.
    /// </summary>
    public Tensor diag(object diagonal, string? name = null) => Unary(DiagOps.Diag, "diag", diagonal, name);

    /// <summary>TF's DiagPart, the inverse of <see cref="diag"/>: [D1..Dk, D1..Dk] (even rank up to 6) to [D1..Dk].</summary>
    public Tensor diag_part(object input, string? name = null) => Unary(DiagOps.DiagPart, "diag_part", input, name);

    /// <summary>TF's MatrixDiag: [..., n] to [..., n, n], batched diagonal matrices (tf.linalg.diag in TF 1.15).</summary>
    public Tensor matrix_diag(object diagonal, string? name = null) => Unary(DiagOps.MatrixDiag, "matrix_diag", diagonal, name);

    /// <summary>TF's MatrixDiagPart: [..., m, n] to [..., min(m, n)], the main diagonal of each innermost matrix.</summary>
    public Tensor matrix_diag_part(object input, string? name = null) => Unary(DiagOps.MatrixDiagPart, "matrix_diag_part", input, name);

    /// <summary>TF's MatrixSetDiag: input [..., m, n] with each main diagonal replaced by <paramref name="diagonal"/> [..., min(m, n)].</summary>
    public Tensor matrix_set_diag(object input, object diagonal, string? name = null)
    {
        const string fn = "tf.matrix_set_diag";
        var (ti, td) = Operands(fn, input, diagonal);
        DiagOps.MatrixSetDiag.RequireDType(fn, ti.dtype);
        return DiagOps.MatrixSetDiag.Build(fn, name ?? "MatrixSetDiag", [ti, td]).outputs[0];
    }

    /// <summary>
    /// An identity matrix [num_rows, num_columns] (num_columns defaults to num_rows), or a batch of them
    /// (batch_shape + [num_rows, num_columns]), as TF 1.x's Python builds it: ones on a MatrixDiag, or, with
    /// num_columns, MatrixSetDiag of ones on zeros. float32 unless <paramref name="dtype"/> says otherwise.
    /// </summary>
    public Tensor eye(int num_rows, int? num_columns = null, int[]? batch_shape = null, TF_DataType dtype = TF_DataType.TF_FLOAT, string? name = null)
    {
        const string fn = "tf.eye";
        if (num_rows < 0 || num_columns < 0 || (batch_shape?.Any(d => d < 0) ?? false))
            throw new ValueError($"{fn}: num_rows ({num_rows}), num_columns ({num_columns?.ToString() ?? "None"}) and batch_shape must not be negative. - help: pass sizes >= 0.");
        DiagOps.MatrixDiag.RequireDType(fn, dtype, "dtype");
        var batch = batch_shape ?? [];
        using (name_scope(name ?? "eye"))
        {
            // TF 1.x's ops, for the op ids: a Const for batch_shape; (with num_columns: Const, Const, Minimum for
            // diag_size;) ConcatV2 of it with [diag_size] (a Const, or a Pack of the Minimum) and an axis Const; ones
            // from that shape tensor (Const, Fill); with num_columns also ConcatV2 (Const, Const) and zeros (Const, Fill).
            var graph = Bridge.Graph.Default;
            int diagSize = num_columns is { } c ? Math.Min(num_rows, c) : num_rows;
            graph.CountTfOps(num_columns is null ? 5 : 8); // batch Const, [Const, Const, Minimum,] concat (3), Fill's Const
            var ones = this.ones(new Shape(batch.Append(diagSize).ToArray()), dtype);
            if (num_columns is null) return matrix_diag(ones);
            graph.CountTfOps(4); // the shape's ConcatV2 (3 ops) and Fill's Const
            var zeros = this.zeros(new Shape(batch.Append(num_rows).Append(num_columns.Value).ToArray()), dtype);
            return matrix_set_diag(zeros, ones);
        }
    }

    /// <summary>The sum of the main diagonal of each innermost matrix: TF's reduce_sum(matrix_diag_part(x), [-1]).</summary>
    public Tensor trace(object x, string? name = null)
    {
        var t = OpHelpers.ToTensor(x, "tf.trace");
        using (name_scope(name ?? "Trace"))
            return reduce_sum(matrix_diag_part(t), new Axis(-1));
    }

    /// <summary>Transposes the last two dimensions (TF's matrix_transpose, tf.linalg.transpose in TF 1.15); the rank must be known and at least 2.</summary>
    public Tensor matrix_transpose(object a, string? name = null)
    {
        const string fn = "tf.matrix_transpose";
        var t = OpHelpers.ToTensor(a, fn);
        int rank = nn_api.RankOrThrow(t, fn, "the last two dimensions");
        if (rank < 2)
            throw new ValueError($"{fn}: the input must have rank >= 2, but it is {OpHelpers.Fmt(t.shape)}. - help: pass a matrix or a batch of matrices.");
        var perm = Enumerable.Range(0, rank).ToArray();
        (perm[^1], perm[^2]) = (perm[^2], perm[^1]);
        using (name_scope(name ?? "matrix_transpose"))
            return transpose(t, perm);
    }

    /// <summary>
    /// Tensor contraction, as TF's Python composes it: the contracted axes of a moved last and of b first (transpose),
    /// both reshaped to matrices, one matmul, and the result reshaped to a's free dimensions then b's.
    /// <paramref name="axes"/> is an int n (a's last n axes with b's first n) or a pair of axis lists ([[1], [0]],
    /// (int[], int[]) or int[2, k]); negative axes count from the end. The contracted dimensions must agree, and at
    /// most one free dimension may be unknown (TF 1.x computes such shapes when the graph runs).
    /// </summary>
    public Tensor tensordot(object a, object b, object axes, string? name = null)
    {
        const string fn = "tf.tensordot";
        var (ta, tb) = Operands(fn, a, b);
        var (aAxes, bAxes) = DiagOps.TensordotAxes(fn, axes, ta, tb);
        using (name_scope(name ?? "Tensordot"))
        {
            var (ra, aFree) = DiagOps.TensordotReshape(fn, "a", ta, aAxes, flipped: false);
            var (rb, bFree) = DiagOps.TensordotReshape(fn, "b", tb, bAxes, flipped: true);
            var product = matmul(ra, rb);
            var dims = aFree.Concat(bFree).ToArray();
            if (dims.Count(d => d < 0) > 1)
                throw new ValueError($"{fn}: the free dimensions of a {OpHelpers.Fmt(ta.shape)} and b {OpHelpers.Fmt(tb.shape)} have more than one unknown size; Bridge needs them known when the graph is built. - help: give the placeholders more of their shape.");
            return reshape(product, new Shape(dims));
        }
    }

    /// <summary>
    /// TF 1.0's tf.norm: ord 'euclidean' (the default; 'fro' for matrices), 1, 2, inf (double.PositiveInfinity or
    /// np.inf) or any p &gt; 0, over <paramref name="axis"/>: null (the whole tensor as one vector), one int (vector norms),
    /// or a pair of ints (matrix norms: 'euclidean'/'fro', 1 (max column sum), inf (max row sum)). Composed as TF 1.0's
    /// Python: sqrt(reduce_sum(square(x))), reduce_sum/reduce_max of abs(x), or pow(reduce_sum(pow(abs(x), p)), 1 / p),
    /// kept dimensions squeezed unless <paramref name="keepdims"/>. The matrix 2-norm is a ValueError, as in TF 1.0
    /// (TF 1.15 computes it with an SVD). Bad ord or axis values are ValueErrors with TF's rules.
    /// </summary>
    public Tensor norm(object tensor, object? ord = null, Axis? axis = null, bool keepdims = false, string? name = null)
    {
        const string fn = "tf.norm";
        var (ordName, p) = DiagOps.NormOrder(fn, ord);
        bool matrix = axis is { IsScalar: false, size: 2 };
        if (axis is { IsScalar: false } && !matrix)
            throw new ValueError($"{fn}: 'axis' must be None, an integer, or a tuple of 2 unique integers, not {axis}. - help: pass one axis for vector norms, or two for matrix norms.");
        if (matrix && axis!.axis[0] == axis.axis[1])
            throw new ValueError($"{fn}: 'axis' must be None, an integer, or a tuple of 2 unique integers, not {axis}. - help: pass two different axes for a matrix norm.");
        string shown = ordName ?? (double.IsPositiveInfinity(p) ? "inf" : p.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        if (matrix && !(ordName is "euclidean" or "fro" || p == 1 || double.IsPositiveInfinity(p)))
            throw new ValueError($"{fn}: 'ord' must be a supported matrix norm in ['euclidean', 'fro', 1, inf], got {shown}. - help: TF 1.0 has no matrix 2-norm; use 'fro' or 1 or np.inf.");
        if (!matrix && (ordName == "fro" || (ordName is null && !(p > 0))))
            throw new ValueError($"{fn}: 'ord' must be a supported vector norm, got {shown}. - help: use 'euclidean', 1, 2, np.inf or any p > 0 ('fro' is a matrix norm: pass axis=[-2, -1]).");
        var t = OpHelpers.ToTensor(tensor, fn);
        if (!t.dtype.is_floating())
            throw new TypeError($"{fn}: the tensor has dtype {t.dtype.as_numpy_name()}; TF 1.x's norm takes float32, float64. - help: tf.cast it first, e.g. tf.cast(x, tf.float32).");
        using (name_scope(name ?? "norm"))
        {
            Tensor result;
            if (ordName is not null || p == 2)
                result = sqrt(reduce_sum(square(t), axis, keepdims: true));
            else
            {
                result = abs(t);
                Axis? first = axis is null ? null : new Axis(axis.axis[0]);
                if (p == 1)
                {
                    result = reduce_sum(result, first, keepdims: true);
                    if (matrix) result = reduce_max(result, new Axis(axis!.axis[1]), keepdims: true);
                }
                else if (double.IsPositiveInfinity(p))
                {
                    if (matrix) result = reduce_sum(result, new Axis(axis!.axis[1]), keepdims: true);
                    result = reduce_max(result, first, keepdims: true);
                }
                else
                    result = pow(reduce_sum(pow(result, p), axis, keepdims: true), 1.0 / p);
            }
            return keepdims ? result : squeeze(result, axis);
        }
    }
}

/// <summary>The diagonal ops (TF's diag_op.cc and matrix_diag_op.cc / matrix_set_diag_op.cc, array_grad.py's gradients).</summary>
[OpFamily("linalg")]
internal static class DiagOps
{
    private static readonly tensorflow tf = Binding.tf;

    public static readonly OpDef MatrixDiag = new("MatrixDiag")
    {
        Inputs = ["diagonal"],
        Functions = ["tf.matrix_diag", "tf.linalg.diag", "tf.eye"],
        DTypes = DTypeSet.RealNumbers,
        Infer = c =>
        {
            var s = c.Shapes[0];
            if (!s.IsRankKnown) return [(Shape.Unknown, c.DTypes[0])];
            RequireRank(c, s, 1, "the diagonal");
            return [(new Shape(s.Dims.ToArray().Append(s[-1]).ToArray()), c.DTypes[0])];
        },
        Managed = (_, x) => [ManagedKernels.MatrixDiag(x[0])],
        Gradient = (_, dy) => [tf.matrix_diag_part(dy[0]!)],
    };

    public static readonly OpDef MatrixDiagPart = new("MatrixDiagPart")
    {
        Inputs = ["input"],
        Functions = ["tf.matrix_diag_part", "tf.linalg.diag_part", "tf.trace"],
        DTypes = DTypeSet.RealNumbers,
        Infer = c =>
        {
            var s = c.Shapes[0];
            if (!s.IsRankKnown) return [(Shape.Unknown, c.DTypes[0])];
            RequireRank(c, s, 2, "the input");
            long m = s[-2], n = s[-1], k = m < 0 || n < 0 ? (m >= 0 && n >= 0 ? Math.Min(m, n) : -1) : Math.Min(m, n);
            return [(new Shape(s.Dims[..^2].ToArray().Append(k).ToArray()), c.DTypes[0])];
        },
        Managed = (_, x) => [ManagedKernels.MatrixDiagPart(x[0])],
        // TF's _MatrixDiagPartGrad: matrix_diag of the gradient for square matrices, else set on zeros.
        Gradient = (op, dy) =>
        {
            var s = op.Inputs[0].shape;
            bool square = s.IsRankKnown && s[-2] >= 0 && s[-2] == s[-1];
            return [square ? tf.matrix_diag(dy[0]!) : tf.matrix_set_diag(tf.zeros_like(op.Inputs[0]), dy[0]!)];
        },
    };

    public static readonly OpDef MatrixSetDiag = new("MatrixSetDiag")
    {
        Inputs = ["input", "diagonal"],
        Functions = ["tf.matrix_set_diag", "tf.linalg.set_diag", "tf.eye"],
        DTypes = DTypeSet.RealNumbers,
        Infer = c =>
        {
            Shape s = c.Shapes[0], d = c.Shapes[1];
            if (s.IsRankKnown) RequireRank(c, s, 2, "the input");
            if (d.IsRankKnown) RequireRank(c, d, 1, "the diagonal");
            if (s.IsRankKnown && d.IsRankKnown)
            {
                long k = s[-2] >= 0 && s[-1] >= 0 ? Math.Min(s[-2], s[-1]) : -1;
                var expected = new Shape(s.Dims[..^2].ToArray().Append(k).ToArray());
                if (d.ndim != s.ndim - 1 || expected.MergeWith(d) is null)
                    Fail(c, $"{c.Fn}: the diagonal {OpHelpers.Fmt(d)} does not fit the input {OpHelpers.Fmt(s)}: it must be {OpHelpers.Fmt(expected)} (the batch dimensions, then min(rows, columns)). - help: pass one value per diagonal element.");
            }
            return [(s, c.DTypes[0])];
        },
        Managed = (_, x) => [ManagedKernels.MatrixSetDiag(x[0], x[1])],
        // TF's _MatrixSetDiagGrad: the gradient with its diagonal zeroed for the input, its diagonal for the diagonal.
        Gradient = (op, dy) => [tf.matrix_set_diag(dy[0]!, tf.zeros_like(op.Inputs[1])), tf.matrix_diag_part(dy[0]!)],
    };

    public static readonly OpDef Diag = new("Diag")
    {
        Inputs = ["diagonal"],
        Functions = ["tf.diag", "tf.linalg.tensor_diag"],
        DTypes = DTypeSet.FloatsAndWideInts,
        Infer = c =>
        {
            var s = c.Shapes[0];
            if (!s.IsRankKnown) return [(Shape.Unknown, c.DTypes[0])];
            if (s.ndim < 1 || s.ndim > 3)
                Fail(c, $"{c.Fn}: the diagonal must have rank 1 to 3, but it is {OpHelpers.Fmt(s)}. - help: pass a vector (or a tensor of rank 2 or 3); tf.matrix_diag makes batches of diagonal matrices.");
            return [(new Shape(s.Dims.ToArray().Concat(s.Dims.ToArray()).ToArray()), c.DTypes[0])];
        },
        Managed = (_, x) => [ManagedKernels.Diag(x[0])],
        Gradient = (_, dy) => [tf.diag_part(dy[0]!)],
    };

    public static readonly OpDef DiagPart = new("DiagPart")
    {
        Inputs = ["input"],
        Functions = ["tf.diag_part", "tf.linalg.tensor_diag_part"],
        DTypes = DTypeSet.FloatsAndWideInts,
        Infer = c =>
        {
            var s = c.Shapes[0];
            if (!s.IsRankKnown) return [(Shape.Unknown, c.DTypes[0])];
            if (s.ndim == 0 || s.ndim % 2 != 0 || s.ndim > 6)
                Fail(c, $"{c.Fn}: Input must have even rank <= 6, input rank is {s.ndim} ({OpHelpers.Fmt(s)}). - help: pass [D1..Dk, D1..Dk]; tf.matrix_diag_part takes the diagonals of matrices.");
            int half = s.ndim / 2;
            var dims = new long[half];
            for (int i = 0; i < half; i++)
            {
                if (s[i] >= 0 && s[i + half] >= 0 && s[i] != s[i + half])
                    Fail(c, $"{c.Fn}: dimension {i} ({s[i]}) and dimension {i + half} ({s[i + half]}) of the input {OpHelpers.Fmt(s)} must be equal. - help: pass [D1..Dk, D1..Dk].");
                dims[i] = Math.Max(s[i], s[i + half]);
            }
            return [(new Shape(dims), c.DTypes[0])];
        },
        Managed = (_, x) => [ManagedKernels.DiagPart(x[0])],
        Gradient = (_, dy) => [tf.diag(dy[0]!)],
    };

    private static void RequireRank(OpContext c, Shape s, int min, string what)
    {
        if (s.ndim < min)
            Fail(c, $"{c.Fn}: {what} must have rank >= {min}, but it is {OpHelpers.Fmt(s)}. - help: {(min == 1 ? "pass a vector (or a batch of vectors)" : "pass a matrix (or a batch of matrices)")}.");
    }

    private static void Fail(OpContext c, string message) => throw (c.RunTime ? new InvalidArgumentError(message) : new ValueError(message));

    /// <summary>tensordot's axes: an int n, or a pair of axis lists; each checked against the ranks and normalised.</summary>
    internal static (int[] a, int[] b) TensordotAxes(string fn, object axes, Tensor a, Tensor b)
    {
        int ra = nn_api.RankOrThrow(a, fn, "the axes"), rb = nn_api.RankOrThrow(b, fn, "the axes");
        int[] aAxes, bAxes;
        var nd = axes switch
        {
            NDArray v => v,
            Tensor { op.Attr: ConstAttr c } => c.Value,
            Tensor t => throw new TypeError($"{fn}: axes must be known when the graph is built, not the computed tensor {t.name}. - help: pass an int or a pair of lists of ints."),
            _ => null,
        };
        if (axes is int n || (nd is { ndim: 0 } && nd.dtype.is_integer() && (n = (int)nd.GetDouble(0)) == n))
        {
            if (n < 1) throw new ValueError($"{fn}: 'axes' must be at least 1, got {n}. - help: pass how many trailing axes of a meet as many leading axes of b.");
            if (n > ra || n > rb)
                throw new ValueError($"{fn}: axes={n} needs a and b of rank >= {n}, but a is {OpHelpers.Fmt(a.shape)} and b is {OpHelpers.Fmt(b.shape)}. - help: pass a smaller int, or a pair of axis lists.");
            aAxes = Enumerable.Range(ra - n, n).ToArray();
            bAxes = Enumerable.Range(0, n).ToArray();
        }
        else
        {
            (aAxes, bAxes) = axes switch
            {
                ValueTuple<int[], int[]> p => (p.Item1, p.Item2),
                int[][] { Length: 2 } j => (j[0], j[1]),
                int[,] m when m.GetLength(0) == 2 => (Enumerable.Range(0, m.GetLength(1)).Select(i => m[0, i]).ToArray(), Enumerable.Range(0, m.GetLength(1)).Select(i => m[1, i]).ToArray()),
                _ when nd is { ndim: 2 } && nd.Dims[0] == 2 && nd.dtype.is_integer() => (Row(nd, 0), Row(nd, 1)),
                _ when nd is { ndim: 1 } && nd.Dims[0] == 2 && nd.dtype.is_integer() => (new[] { (int)nd.GetDouble(0) }, new[] { (int)nd.GetDouble(1) }),
                _ => throw new ValueError($"{fn}: 'axes' must be an integer or have length 2 (a list of a's axes and a list of b's), not {Describe(axes, nd)}. - help: e.g. axes=1 or axes=[[1], [0]]."),
            };
            if (aAxes.Length != bAxes.Length)
                throw new ValueError($"{fn}: Different number of contraction axes 'a' and 'b', {aAxes.Length} != {bAxes.Length}. - help: list as many axes of a as of b.");
            aAxes = aAxes.Select(x => OpHelpers.Axis(fn, x, ra, "an axis of a")).ToArray();
            bAxes = bAxes.Select(x => OpHelpers.Axis(fn, x, rb, "an axis of b")).ToArray();
            if (aAxes.Distinct().Count() != aAxes.Length || bAxes.Distinct().Count() != bAxes.Length)
                throw new ValueError($"{fn}: the contraction axes must be unique, got a: [{string.Join(", ", aAxes)}], b: [{string.Join(", ", bAxes)}]. - help: list each axis once.");
        }
        for (int i = 0; i < aAxes.Length; i++)
        {
            long da = a.shape[aAxes[i]], db = b.shape[bAxes[i]];
            if (da >= 0 && db >= 0 && da != db)
                throw new ValueError($"{fn}: a {OpHelpers.Fmt(a.shape)} axis {aAxes[i]} has size {da} but b {OpHelpers.Fmt(b.shape)} axis {bAxes[i]} has size {db}; contracted dimensions must be equal. - help: check the axes (a's come first, then b's).");
        }
        return (aAxes, bAxes);
    }

    private static int[] Row(NDArray nd, int row) => Enumerable.Range(0, (int)nd.Dims[1]).Select(i => (int)nd.GetDouble(row * nd.Dims[1] + i)).ToArray();

    private static string Describe(object axes, NDArray? nd) => nd is not null ? $"an array of shape {nd.shape.ToTfString()}" : axes.GetType().Name;

    /// <summary>TF's _tensordot_reshape: x transposed (free axes then contracted, or the other way when flipped) and reshaped to a matrix.</summary>
    internal static (Tensor matrix, long[] freeDims) TensordotReshape(string fn, string which, Tensor x, int[] axes, bool flipped)
    {
        var s = x.shape;
        var free = Enumerable.Range(0, s.ndim).Where(i => Array.IndexOf(axes, i) < 0).ToArray();
        var freeDims = free.Select(i => s[i]).ToArray();
        if (axes.Any(i => s[i] < 0))
            throw new ValueError($"{fn}: the contracted dimensions of {which} {OpHelpers.Fmt(s)} must be known when the graph is built. - help: give the placeholder those dimensions.");
        long prodAxes = axes.Aggregate(1L, (p, i) => p * s[i]);
        long prodFree = freeDims.Any(d => d < 0) ? -1 : freeDims.Aggregate(1L, (p, d) => p * d);
        var perm = flipped ? axes.Concat(free).ToArray() : free.Concat(axes).ToArray();
        var shape = flipped ? new Shape(prodAxes, prodFree) : new Shape(prodFree, prodAxes);
        return (tf.reshape(tf.transpose(x, perm), shape), freeDims);
    }

    /// <summary>norm's ord: a name ('euclidean', 'fro') or a number (np.inf and double.PositiveInfinity for inf).</summary>
    internal static (string? name, double p) NormOrder(string fn, object? ord)
    {
        switch (ord)
        {
            case null: return ("euclidean", 2);
            case string s when s is "euclidean" or "fro": return (s, 2);
            case string s: throw new ValueError($"{fn}: 'ord' must be 'euclidean', 'fro', 1, 2, np.inf or a number p > 0, got '{s}'. - help: e.g. ord='euclidean'.");
            case int or long or float or double or short or sbyte or byte: return (null, Convert.ToDouble(ord, System.Globalization.CultureInfo.InvariantCulture));
            case NDArray { ndim: 0 } nd when nd.dtype != TF_DataType.TF_STRING && nd.dtype != TF_DataType.TF_BOOL: return (null, nd.GetDouble(0));
            default: throw new ValueError($"{fn}: 'ord' must be 'euclidean', 'fro', 1, 2, np.inf or a number p > 0, not {ord.GetType().Name}. - help: e.g. ord='euclidean'.");
        }
    }
}
