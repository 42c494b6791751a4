using static Bridge.Binding;

namespace Bridge.Tests.Ops;

/// <summary>
/// TF 1.x's sequence, slicing, gathering, splitting, tiling, padding, reversing and broadcasting functions: values from
/// TF's docstrings and kernel tests (array_ops_test.py, slice_op_test.py, gather_op_test.py, gather_nd_op_test.py,
/// split_op_test.py, pad_op_test.py, reverse tests), gradients as array_grad.py's (dense for gather), bad inputs, and
/// tensors as shape and axis arguments. The op walk (OpRegistryTests) checks dtypes, both backends and numeric gradients.
/// </summary>
public class ArrayOps2Tests : GraphFixture
{
    private static T[] Run<T>(Tensor t, params FeedItem[] feed) where T : unmanaged
    {
        using var sess = tf.Session();
        return sess.run(t, feed).ToArray<T>();
    }

    private static long[] Dims(Tensor t) => t.shape.dims;

    private static float[] Grad(Func<Tensor, Tensor> f, Tensor x)
    {
        var g = tf.gradients(tf.reduce_sum(f(x)), x)[0]!;
        return Run<float>(g);
    }

    private static void Throws<T>(Action body, params string[] fragments) where T : BridgeException
    {
        var e = Assert.Throws<T>(body)!;
        foreach (var f in fragments) Assert.That(e.Message, Does.Contain(f));
        Assert.That(e.Message, Does.Contain("help:"), "the message says what to do");
    }

    // The docstrings' 3x2x3 input of tf.slice and tf.strided_slice.
    private static readonly int[,,] T3 =
        { { { 1, 1, 1 }, { 2, 2, 2 } }, { { 3, 3, 3 }, { 4, 4, 4 } }, { { 5, 5, 5 }, { 6, 6, 6 } } };

    // ---- range, linspace, fill, size, rank, convert_to_tensor -----------------------------------------------------

    [Test]
    public void RangeAsTheDocstring()
    {
        var r = tf.range(3, 18, 3);
        Assert.That(r.dtype, Is.EqualTo(TF_DataType.TF_INT32));
        Assert.That(r.op.type, Is.EqualTo("Range"));
        Assert.That(Run<int>(r), Is.EqualTo(new[] { 3, 6, 9, 12, 15 }));
        var f = tf.range(3, 1, -0.5);
        Assert.That(f.dtype, Is.EqualTo(TF_DataType.TF_FLOAT), "a float argument makes the range float32");
        Assert.That(Run<float>(f), Is.EqualTo(new[] { 3f, 2.5f, 2f, 1.5f }));
        Assert.That(Run<int>(tf.range(5)), Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
        Assert.That(Dims(tf.range(5)), Is.EqualTo(new long[] { 5 }));
        Assert.That(tf.range(0, 3, dtype: tf.int64).dtype, Is.EqualTo(TF_DataType.TF_INT64));
        Assert.That(Run<double>(tf.range(0, 3, dtype: tf.float64)), Is.EqualTo(new[] { 0.0, 1, 2 }));
        Assert.That(Run<int>(tf.range(tf.constant(2), tf.constant(5))), Is.EqualTo(new[] { 2, 3, 4 }), "tensors known at build");
        Assert.That(Run<int>(tf.range(0, 0)), Is.Empty);
    }

    [Test]
    public void RangeWithArgumentsKnownOnlyAtRunTime()
    {
        var p = tf.placeholder(tf.float32, new Shape(-1, 2));
        var r = tf.range(tf.shape(p)[0]);
        Assert.That(r.op.type, Is.EqualTo("DynamicRange"));
        Assert.That(r.dtype, Is.EqualTo(TF_DataType.TF_INT32));
        Assert.That(r.shape.as_list(), Is.EqualTo(new int?[] { null }));
        Assert.That(Run<int>(r, (p, np.array(new float[3, 2]))), Is.EqualTo(new[] { 0, 1, 2 }));
        var d = tf.placeholder(tf.float32, Shape.Scalar);
        var f = tf.range(0, 2, d);
        Assert.That(f.dtype, Is.EqualTo(TF_DataType.TF_FLOAT));
        Assert.That(Run<float>(f, (d, np.array(0.5f))), Is.EqualTo(new[] { 0f, 0.5f, 1, 1.5f }));
        Throws<InvalidArgumentError>(() => Run<float>(f, (d, np.array(0f))), "tf.range", "Requires delta != 0");
    }

    [Test]
    public void FloatRangeAccumulatesDeltaInFloat32AsTfsKernel()
    {
        // TF's RangeOp: size = ceil(|(limit - start) / delta|) in T, then val += delta each step.
        var values = Run<float>(tf.range(1.0, 2.0, 0.1));
        var expected = new List<float>();
        float v = 1f;
        long size = (long)Math.Ceiling(Math.Abs((2f - 1f) / 0.1f));
        for (int i = 0; i < size; i++) { expected.Add(v); v += 0.1f; }
        Assert.That(values, Is.EqualTo(expected.ToArray()));
        Assert.That(values.Length, Is.EqualTo(10));
    }

    [Test]
    public void RangeErrorsAsTfsKernel()
    {
        Throws<ValueError>(() => tf.range(0, 5, 0), "tf.range", "Requires delta != 0");
        Throws<ValueError>(() => tf.range(5, 1, 1), "Requires start <= limit when delta > 0: 5/1");
        Throws<ValueError>(() => tf.range(1, 5, -1), "Requires start >= limit when delta < 0: 1/5");
        Throws<TypeError>(() => tf.range(0, 3, dtype: tf.@bool), "tf.range", "bool");
    }

    [Test]
    public void LinspaceAsTheDocstringWithTf10Arithmetic()
    {
        var l = tf.linspace(10.0, 12.0, 3);
        Assert.That(l.dtype, Is.EqualTo(TF_DataType.TF_FLOAT));
        Assert.That(l.op.type, Is.EqualTo("LinSpace"));
        Assert.That(Run<float>(l), Is.EqualTo(new[] { 10f, 11f, 12f }));
        // TF 1.0's kernel: start + step * i for every i, the last one too.
        var values = Run<float>(tf.linspace(0.1, 0.7, 7));
        float step = (0.7f - 0.1f) / 6;
        Assert.That(values, Is.EqualTo(Enumerable.Range(0, 7).Select(i => 0.1f + step * i).ToArray()));
        Assert.That(Run<float>(tf.linspace(5.0, 9.0, 1)), Is.EqualTo(new[] { 5f }));
        Throws<ValueError>(() => tf.linspace(0.0, 1.0, 0), "tf.linspace", "num > 0");
        Throws<TypeError>(() => tf.linspace(0, 1, 3), "tf.linspace", "int32");
    }

    [Test]
    public void FillTakesTheValuesDtypeAndShapeTensors()
    {
        var f = tf.fill(new[] { 2, 3 }, 9);
        Assert.That(f.dtype, Is.EqualTo(TF_DataType.TF_INT32));
        Assert.That(Dims(f), Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(Run<int>(f), Is.EqualTo(Enumerable.Repeat(9, 6).ToArray()));
        var x = tf.constant(new float[2, 4]);
        var g = tf.fill(tf.shape(x), 1.5);
        Assert.That(g.dtype, Is.EqualTo(TF_DataType.TF_FLOAT));
        Assert.That(Dims(g), Is.EqualTo(new long[] { 2, 4 }));
        Assert.That(Run<float>(g), Is.EqualTo(Enumerable.Repeat(1.5f, 8).ToArray()));
        // A value known only at run time: its gradient is the sum of the output's (TF's _FillGrad).
        var v = tf.placeholder(tf.float32, Shape.Scalar);
        var h = tf.fill(new[] { 3 }, v);
        Assert.That(Run<float>(h, (v, np.array(2f))), Is.EqualTo(new[] { 2f, 2f, 2f }));
        Assert.That(Run<float>(tf.gradients(tf.reduce_sum(h), v)[0]!, (v, np.array(2f))), Is.EqualTo(new[] { 3f }));
        Throws<ValueError>(() => tf.fill(new[] { 2, -1 }, 0), "tf.fill", "negative");
    }

    [Test]
    public void SizeRankAndConvertToTensor()
    {
        var x = tf.constant(new float[2, 3, 4]);
        Assert.That(Run<int>(tf.size(x)), Is.EqualTo(new[] { 24 }));
        Assert.That(tf.size(x, out_type: tf.int64).dtype, Is.EqualTo(TF_DataType.TF_INT64));
        Assert.That(Run<long>(tf.size(x, out_type: tf.int64)), Is.EqualTo(new[] { 24L }));
        Assert.That(Run<int>(tf.rank(x)), Is.EqualTo(new[] { 3 }));
        var c = tf.convert_to_tensor(new[] { 1, 2 });
        Assert.That(c.dtype, Is.EqualTo(TF_DataType.TF_INT32));
        Assert.That(tf.convert_to_tensor(new[] { 1, 2 }, tf.float32).dtype, Is.EqualTo(TF_DataType.TF_FLOAT));
        Assert.That(tf.convert_to_tensor(2.5).dtype, Is.EqualTo(TF_DataType.TF_FLOAT));
        Assert.That(tf.convert_to_tensor(c), Is.SameAs(c));
        Assert.That(tf.convert_to_tensor(new[] { 1, 2 }, name: "v").op.name, Is.EqualTo("v"));
        Assert.That(Run<int>(tf.convert_to_tensor(new object[] { c, c })), Is.EqualTo(new[] { 1, 2, 1, 2 }), "lists of tensors stack");
        var e = Assert.Throws<ValueError>(() => tf.convert_to_tensor(c, tf.float32))!;
        Assert.That(e.Message, Does.Contain("Tensor conversion requested dtype float32 for Tensor with dtype int32"));
    }

    // ---- slice and strided_slice ---------------------------------------------------------------------------------

    [Test]
    public void SliceAsTheDocstring()
    {
        Assert.That(Run<int>(tf.slice(T3, new[] { 1, 0, 0 }, new[] { 1, 1, 3 })), Is.EqualTo(new[] { 3, 3, 3 }));
        var s = tf.slice(T3, new[] { 1, 0, 0 }, new[] { 1, 2, 3 });
        Assert.That(s.op.type, Is.EqualTo("Slice"));
        Assert.That(Dims(s), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(Run<int>(s), Is.EqualTo(new[] { 3, 3, 3, 4, 4, 4 }));
        Assert.That(Run<int>(tf.slice(T3, new[] { 1, 0, 0 }, new[] { 2, 1, 3 })), Is.EqualTo(new[] { 3, 3, 3, 5, 5, 5 }));
        // size -1: the rest of the dimension (slice_op_test.py's testSelectAll-style cases).
        var rest = tf.slice(T3, new[] { 1, 1, 0 }, new[] { -1, -1, 2 });
        Assert.That(Dims(rest), Is.EqualTo(new long[] { 2, 1, 2 }));
        Assert.That(Run<int>(rest), Is.EqualTo(new[] { 4, 4, 6, 6 }));
        // Begin and size as tensors known when the graph is built.
        Assert.That(Run<int>(tf.slice(T3, tf.constant(new[] { 2, 1, 1 }), tf.constant(new[] { 1, 1, -1 }))), Is.EqualTo(new[] { 6, 6 }));
    }

    [Test]
    public void SliceOfAPlaceholderChecksAtRunTime()
    {
        var x = tf.placeholder(tf.float32, new Shape(-1, 3));
        var s = tf.slice(x, new[] { 1, 0 }, new[] { -1, 2 });
        Assert.That(s.shape.as_list(), Is.EqualTo(new int?[] { null, 2 }));
        var value = np.array(new float[,] { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } });
        Assert.That(Run<float>(s, (x, value)), Is.EqualTo(new[] { 4f, 5f, 7f, 8f }));
        var far = tf.slice(x, new[] { 4, 0 }, new[] { 1, 3 });
        Throws<InvalidArgumentError>(() => Run<float>(far, (x, value)), "tf.slice", "Expected begin[0] in [0, 3], but got 4");
    }

    [Test]
    public void SliceBoundsKnownOnlyAtRunTime()
    {
        var x = tf.constant(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var b = tf.placeholder(tf.int32, new Shape(2));
        var s = tf.slice(x, b, new[] { 1, -1 });
        Assert.That(s.op.type, Is.EqualTo("DynamicSlice"));
        Assert.That(s.shape.ndim, Is.EqualTo(2));
        Assert.That(Run<float>(s, (b, np.array(new[] { 1, 1 }))), Is.EqualTo(new[] { 5f, 6 }));
        Throws<InvalidArgumentError>(() => Run<float>(s, (b, np.array(new[] { 0, 4 }))), "tf.slice", "Expected begin[1] in [0, 3], but got 4");
        var g = tf.gradients(tf.reduce_sum(s), x)[0]!;
        Assert.That(Run<float>(g, (b, np.array(new[] { 0, 2 }))), Is.EqualTo(new[] { 0f, 0, 1, 0, 0, 0 }));
    }

    [Test]
    public void SliceBadInput()
    {
        Throws<ValueError>(() => tf.slice(T3, new[] { 0, 0, 4 }, new[] { 1, 1, 1 }), "tf.slice", "Expected begin[2] in [0, 3], but got 4", "[3, 2, 3]");
        Throws<ValueError>(() => tf.slice(T3, new[] { 0, 1, 0 }, new[] { 1, 2, 1 }), "tf.slice", "Expected size[1] in [0, 1], but got 2");
        Throws<ValueError>(() => tf.slice(T3, new[] { 0, 0 }, new[] { 1, 1 }), "tf.slice", "size 3");
        Throws<ValueError>(() => tf.slice(T3, new[] { 0, 0, 0 }, new[] { 1, 1 }), "tf.slice", "begin has 3 entries but size has 2");
        Throws<TypeError>(() => tf.slice(T3, new[] { 0.5, 0, 0 }, new[] { 1, 1, 1 }), "tf.slice", "begin", "float32");
        Throws<ValueError>(() => tf.slice(T3, tf.placeholder(tf.int32), new[] { 1, 1, 1 }), "tf.slice", "begin", "length known");
    }

    [Test]
    public void StridedSliceAsTheDocstring()
    {
        Assert.That(Run<int>(tf.strided_slice(T3, new[] { 1, 0, 0 }, new[] { 2, 1, 3 }, new[] { 1, 1, 1 })), Is.EqualTo(new[] { 3, 3, 3 }));
        var s = tf.strided_slice(T3, new[] { 1, 0, 0 }, new[] { 2, 2, 3 }, new[] { 1, 1, 1 });
        Assert.That(Dims(s), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(Run<int>(s), Is.EqualTo(new[] { 3, 3, 3, 4, 4, 4 }));
        var back = tf.strided_slice(T3, new[] { 1, -1, 0 }, new[] { 2, -3, 3 }, new[] { 1, -1, 1 });
        Assert.That(Dims(back), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(Run<int>(back), Is.EqualTo(new[] { 4, 4, 4, 3, 3, 3 }));
    }

    [Test]
    public void StridedSliceMasks()
    {
        var x = tf.constant(Enumerable.Range(0, 24).ToArray().Reshape(2, 3, 4));
        // begin_mask/end_mask on axis 1: x[0:1, :, 1:3].
        var a = tf.strided_slice(x, new[] { 0, 9, 1 }, new[] { 1, -9, 3 }, begin_mask: 2, end_mask: 2);
        Assert.That(Dims(a), Is.EqualTo(new long[] { 1, 3, 2 }));
        Assert.That(Run<int>(a), Is.EqualTo(new[] { 1, 2, 5, 6, 9, 10 }));
        // shrink_axis_mask on axes 0 and 2: x[1, :, -1].
        var b = tf.strided_slice(x, new[] { 1, 0, -1 }, new[] { 2, 0, 0 }, new[] { 1, 1, 1 }, end_mask: 2, begin_mask: 2, shrink_axis_mask: 5);
        Assert.That(Dims(b), Is.EqualTo(new long[] { 3 }));
        Assert.That(Run<int>(b), Is.EqualTo(new[] { 15, 19, 23 }));
        // ellipsis_mask on entry 0 and new_axis_mask on entry 1: x[..., tf.newaxis, 0].
        var c = tf.strided_slice(x, new[] { 0, 0, 0 }, new[] { 0, 0, 1 }, new[] { 1, 1, 1 }, ellipsis_mask: 1, new_axis_mask: 2, shrink_axis_mask: 4);
        Assert.That(Dims(c), Is.EqualTo(new long[] { 2, 3, 1 }));
        Assert.That(Run<int>(c), Is.EqualTo(new[] { 0, 4, 8, 12, 16, 20 }));
        // Negative strides with masks: x[::-1, ::-2, 0].
        var d = tf.strided_slice(x, new[] { 0, 0, 0 }, new[] { 0, 0, 1 }, new[] { -1, -2, 1 }, begin_mask: 3, end_mask: 3, shrink_axis_mask: 4);
        Assert.That(Dims(d), Is.EqualTo(new long[] { 2, 2 }));
        Assert.That(Run<int>(d), Is.EqualTo(new[] { 20, 12, 8, 0 }));
    }

    [Test]
    public void CSharpSlicingSyntax()
    {
        var x = tf.constant(Enumerable.Range(0, 24).ToArray().Reshape(2, 3, 4));
        Assert.That(Run<int>(x[1][2]), Is.EqualTo(new[] { 20, 21, 22, 23 }));
        Assert.That(Run<int>(x[^1, 0]), Is.EqualTo(new[] { 12, 13, 14, 15 }));
        Assert.That(Run<int>(x[-1, -1, -1]), Is.EqualTo(new[] { 23 }));
        Assert.That(Dims(x[-1, -1, -1]), Is.Empty);
        var r = x[.., 1..3, ..^2];
        Assert.That(Dims(r), Is.EqualTo(new long[] { 2, 2, 2 }));
        Assert.That(Run<int>(r), Is.EqualTo(new[] { 4, 5, 8, 9, 16, 17, 20, 21 }));
        Assert.That(Run<int>(x[0, 0, tf.s(step: 2)]), Is.EqualTo(new[] { 0, 2 }));
        Assert.That(Run<int>(x[0, 0, tf.s(null, null, -1)]), Is.EqualTo(new[] { 3, 2, 1, 0 }));
        Assert.That(Dims(x[tf.newaxis, tf.ellipsis, 0]), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(Run<int>(x[tf.ellipsis, 1]), Is.EqualTo(new[] { 1, 5, 9, 13, 17, 21 }));
        // The Python spec as a string: x[1:3, ::2, tf.newaxis, ..., -1] on a 4-D tensor.
        var y = tf.constant(Enumerable.Range(0, 4 * 3 * 2 * 5).ToArray().Reshape(4, 3, 2, 5));
        var z = y["1:3, ::2, newaxis, ..., -1"];
        Assert.That(Dims(z), Is.EqualTo(new long[] { 2, 2, 1, 2 }));
        var expected = new List<int>();
        foreach (var i in new[] { 1, 2 }) foreach (var j in new[] { 0, 2 }) foreach (var k in new[] { 0, 1 }) expected.Add(((i * 3 + j) * 2 + k) * 5 + 4);
        Assert.That(Run<int>(z), Is.EqualTo(expected.ToArray()));
        Assert.That(z.op.type, Is.EqualTo("StridedSlice"));
        // Python's clamping of slice bounds.
        Assert.That(Run<int>(x[0, 0, 2..100]), Is.EqualTo(new[] { 2, 3 }));
    }

    [Test]
    public void StridedSliceGradientPlacesTheGradient()
    {
        var x = tf.constant(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.That(Grad(t => t[.., tf.s(null, null, -2)], x), Is.EqualTo(new[] { 1f, 0, 1, 1, 0, 1 }));
        Assert.That(Grad(t => t[1], x), Is.EqualTo(new[] { 0f, 0, 0, 1, 1, 1 }));
        var g = tf.gradients(tf.reduce_sum(x[0, 1..]), x)[0]!;
        Assert.That(g.op.type, Is.EqualTo("StridedSliceGrad"));
    }

    [Test]
    public void StridedSliceBadInput()
    {
        var x = tf.constant(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Throws<ValueError>(() => _ = x[5], "out of bounds", "size 2");
        Throws<ValueError>(() => _ = x[0, 0, 0], "Index out of range using input dim 2; input has only 2 dims");
        Throws<ValueError>(() => _ = x[tf.ellipsis, 0, tf.ellipsis], "Multiple ellipses");
        Throws<ValueError>(() => _ = x[tf.s(step: 0)], "step cannot be zero");
        Throws<ValueError>(() => tf.strided_slice(x, new[] { 0 }, new[] { 1, 2 }), "1D equal size");
        Throws<TypeError>(() => tf.strided_slice(x, new[] { 0.0 }, new[] { 1 }), "tf.strided_slice", "begin", "float32");
        Throws<IndexError>(() => _ = x["1:a"], "cannot parse");
        var p = tf.placeholder(tf.float32, new Shape(-1, 3));
        Throws<InvalidArgumentError>(() => Run<float>(p[3], (p, np.array(new float[2, 3]))), "out of bounds");
    }

    [Test]
    public void StridedSliceBoundsKnownOnlyAtRunTime()
    {
        var x = tf.constant(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var i = tf.placeholder(tf.int32, Shape.Scalar);
        var row = tf.strided_slice(x, new object[] { i }, new object[] { tf.add(i, 1) }, shrink_axis_mask: 1);
        Assert.That(row.op.type, Is.EqualTo("DynamicStridedSlice"));
        Assert.That(row.shape.as_list(), Is.EqualTo(new int?[] { 3 }), "dimensions taken whole keep their size");
        Assert.That(Run<float>(row, (i, np.array(1))), Is.EqualTo(new[] { 4f, 5, 6 }));
        Assert.That(Run<float>(row, (i, np.array(-2))), Is.EqualTo(new[] { 1f, 2, 3 }));
        Throws<InvalidArgumentError>(() => Run<float>(row, (i, np.array(2))), "out of bounds");
        var g = tf.gradients(tf.reduce_sum(row), x)[0]!;
        Assert.That(Run<float>(g, (i, np.array(1))), Is.EqualTo(new[] { 0f, 0, 0, 1, 1, 1 }));
        // The C# indexer takes the tensor too.
        var col = x[.., i];
        Assert.That(col.shape.as_list(), Is.EqualTo(new int?[] { 2 }));
        Assert.That(Run<float>(col, (i, np.array(2))), Is.EqualTo(new[] { 3f, 6 }));
        Assert.That(Run<float>(x[i, tf.constant(0)], (i, np.array(1))), Is.EqualTo(new[] { 4f }));
    }

    // ---- gather and gather_nd ------------------------------------------------------------------------------------

    [Test]
    public void GatherAsGatherOpTest()
    {
        // gather_op_test.py: testScalar1D, testScalar2D, testSimpleTwoD32 on [[0,1,2],[3,4,5],...,[12,13,14]].
        Assert.That(Run<int>(tf.gather(new[] { 0, 1, 2, 3, 7, 5 }, 4)), Is.EqualTo(new[] { 7 }));
        Assert.That(Dims(tf.gather(new[] { 0, 1, 2, 3, 7, 5 }, 4)), Is.Empty);
        var p = new float[,] { { 0, 1, 2 }, { 3, 4, 5 }, { 6, 7, 8 }, { 9, 10, 11 }, { 12, 13, 14 } };
        var g0 = tf.gather(p, new[] { 2, 0, 2 });
        Assert.That(g0.op.type, Is.EqualTo("GatherV2"));
        Assert.That(Dims(g0), Is.EqualTo(new long[] { 3, 3 }));
        Assert.That(Run<float>(g0), Is.EqualTo(new[] { 6f, 7, 8, 0, 1, 2, 6, 7, 8 }));
        var g1 = tf.gather(p, new[,] { { 2, 0 } }, axis: 1);
        Assert.That(Dims(g1), Is.EqualTo(new long[] { 5, 1, 2 }));
        Assert.That(Run<float>(g1), Is.EqualTo(new[] { 2f, 0, 5, 3, 8, 6, 11, 9, 14, 12 }));
        Assert.That(Run<float>(tf.gather(p, np.array(new long[] { 4 }), axis: -2)), Is.EqualTo(new[] { 12f, 13, 14 }));
    }

    [Test]
    public void GatherGradientIsTheDenseSumOfItsIndexedSlices()
    {
        var p = tf.constant(new float[] { 10, 20, 30 });
        // TF: IndexedSlices(values=ones, indices=[0, 2, 0]); dense: the repeated index adds up.
        Assert.That(Grad(t => tf.gather(t, new[] { 0, 2, 0 }), p), Is.EqualTo(new[] { 2f, 0, 1 }));
        var m = tf.constant(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.That(Grad(t => tf.gather(t, new[] { 2, 2 }, axis: 1), m), Is.EqualTo(new[] { 0f, 0, 2, 0, 0, 2 }));
    }

    [Test]
    public void GatherBadInput()
    {
        // TF's CPU kernel: InvalidArgumentError "indices[1] = 7 is not in [0, 3)".
        Throws<InvalidArgumentError>(() => Run<int>(tf.gather(new[] { 1, 2, 3 }, new[] { 0, 7 })), "tf.gather", "indices[1] = 7 is not in [0, 3)");
        Throws<InvalidArgumentError>(() => Run<int>(tf.gather(new[] { 1, 2, 3 }, new[] { -1 })), "indices[0] = -1 is not in [0, 3)");
        Throws<TypeError>(() => tf.gather(new[] { 1, 2, 3 }, new[] { 0.0 }), "tf.gather", "indices must be int32 or int64");
        Throws<ValueError>(() => tf.gather(new[] { 1, 2, 3 }, 0, axis: 1), "tf.gather", "axis 1 is out of range");
        Throws<ValueError>(() => tf.gather(5, 0), "tf.gather", "at least 1-dimensional");
    }

    [Test]
    public void GatherNdAsTheDocstring()
    {
        var p = new[,] { { 1, 2 }, { 3, 4 } };
        Assert.That(Run<int>(tf.gather_nd(p, new[,] { { 0, 0 }, { 1, 1 } })), Is.EqualTo(new[] { 1, 4 }));
        var rows = tf.gather_nd(p, new[,] { { 1 }, { 0 } });
        Assert.That(Dims(rows), Is.EqualTo(new long[] { 2, 2 }));
        Assert.That(Run<int>(rows), Is.EqualTo(new[] { 3, 4, 1, 2 }));
        var batched = tf.gather_nd(p, new[,,] { { { 0, 1 } }, { { 1, 0 } } });
        Assert.That(Dims(batched), Is.EqualTo(new long[] { 2, 1 }));
        Assert.That(Run<int>(batched), Is.EqualTo(new[] { 2, 3 }));
        var x = tf.constant(new float[,] { { 1, 2 }, { 3, 4 } });
        Assert.That(Grad(t => tf.gather_nd(t, new[,] { { 1, 0 }, { 1, 0 }, { 0, 1 } }), x), Is.EqualTo(new[] { 0f, 1, 2, 0 }));
        Throws<InvalidArgumentError>(() => Run<int>(tf.gather_nd(p, new[,] { { 2, 0 } })), "tf.gather_nd", "indices[0] = [2, 0] does not index into param (shape: [2, 2])");
        Throws<ValueError>(() => tf.gather_nd(p, new[,] { { 0, 0, 0 } }), "index innermost dimension length must be <= params rank; saw: 3 vs. 2");
    }

    // ---- split, tile, pad, reverse, broadcast_to -----------------------------------------------------------------

    [Test]
    public void SplitAsTheDocstring()
    {
        var value = tf.zeros(new[] { 5, 30 });
        var parts = tf.split(value, new[] { 4, 15, 11 }, axis: 1);
        Assert.That(parts.Select(Dims), Is.EqualTo(new[] { new long[] { 5, 4 }, [5, 15], [5, 11] }));
        Assert.That(parts[0].op.type, Is.EqualTo("SplitV"));
        var thirds = tf.split(value, 3, axis: 1);
        Assert.That(thirds.Select(Dims), Is.EqualTo(Enumerable.Repeat(new long[] { 5, 10 }, 3)));
        Assert.That(thirds[0].op.type, Is.EqualTo("Split"));
        var x = tf.constant(Enumerable.Range(0, 12).ToArray().Reshape(2, 6));
        var s = tf.split(x, new[] { 1, -1, 2 }, axis: 1);
        Assert.That(Dims(s[1]), Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(Run<int>(s[1]), Is.EqualTo(new[] { 1, 2, 3, 7, 8, 9 }));
        Assert.That(Run<int>(tf.split(x, 2)[1]), Is.EqualTo(new[] { 6, 7, 8, 9, 10, 11 }));
        var f = tf.constant(new float[,] { { 1, 2, 3, 4 } });
        var g = tf.gradients(tf.reduce_sum(tf.multiply(tf.split(f, 2, axis: 1)[1], 3.0)), f)[0]!;
        Assert.That(Run<float>(g), Is.EqualTo(new[] { 0f, 0, 3, 3 }), "outputs nothing depends on give zeros");
    }

    [Test]
    public void SplitBadInput()
    {
        var x = tf.zeros(new[] { 2, 10 });
        Throws<ValueError>(() => tf.split(x, 3, axis: 1), "tf.split", "evenly divisible by 3 but is 10");
        Throws<ValueError>(() => tf.split(x, new[] { 3, 3 }, axis: 1), "tf.split", "Determined shape must either match", "Got: 6");
        Throws<ValueError>(() => tf.split(x, new[] { -1, -1 }, axis: 1), "tf.split", "one -1");
        var p = tf.placeholder(tf.float32, new Shape(-1));
        var halves = tf.split(p, 2);
        Throws<InvalidArgumentError>(() => Run<float>(halves[0], (p, np.array(new float[3]))), "tf.split", "evenly divide");
    }

    [Test]
    public void TileAndItsGradient()
    {
        var t = tf.tile(new[,] { { 1, 2 }, { 3, 4 } }, new[] { 2, 3 });
        Assert.That(Dims(t), Is.EqualTo(new long[] { 4, 6 }));
        Assert.That(Run<int>(t).Take(12), Is.EqualTo(new[] { 1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4 }));
        Assert.That(Run<int>(tf.tile(new[] { 1, 2 }, tf.constant(new[] { 0 }))), Is.Empty);
        var x = tf.constant(new float[] { 1, 2 });
        Assert.That(Grad(v => tf.tile(v, new[] { 3 }), x), Is.EqualTo(new[] { 3f, 3 }));
        Throws<ValueError>(() => tf.tile(new[] { 1, 2 }, new[] { 2, 2 }), "tf.tile", "vector of length 1 but got length 2");
        Throws<ValueError>(() => tf.tile(new[] { 1, 2 }, new[] { -1 }), "tf.tile", ">= 0");
    }

    [Test]
    public void PadAsTheDocstring()
    {
        var t = new[,] { { 1, 2, 3 }, { 4, 5, 6 } };
        var paddings = new[,] { { 1, 1 }, { 2, 2 } };
        var c = tf.pad(t, paddings);
        Assert.That(c.op.type, Is.EqualTo("Pad"));
        Assert.That(Dims(c), Is.EqualTo(new long[] { 4, 7 }));
        Assert.That(Run<int>(c), Is.EqualTo(new[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 4, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0 }));
        var r = tf.pad(t, paddings, "REFLECT");
        Assert.That(r.op.type, Is.EqualTo("MirrorPad"));
        Assert.That(Run<int>(r), Is.EqualTo(new[] { 6, 5, 4, 5, 6, 5, 4, 3, 2, 1, 2, 3, 2, 1, 6, 5, 4, 5, 6, 5, 4, 3, 2, 1, 2, 3, 2, 1 }));
        var s = tf.pad(t, paddings, "SYMMETRIC");
        Assert.That(Run<int>(s), Is.EqualTo(new[] { 2, 1, 1, 2, 3, 3, 2, 2, 1, 1, 2, 3, 3, 2, 5, 4, 4, 5, 6, 6, 5, 5, 4, 4, 5, 6, 6, 5 }));
        var v = tf.pad(t, new[,] { { 0, 0 }, { 1, 0 } }, constant_values: 7);
        Assert.That(v.op.type, Is.EqualTo("PadV2"));
        Assert.That(Run<int>(v), Is.EqualTo(new[] { 7, 1, 2, 3, 7, 4, 5, 6 }));
        Assert.That(Run<int>(tf.pad(t, new[] { new[] { 0, 1 }, new[] { 0, 0 } }, "constant")), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6, 0, 0, 0 }));
        Assert.That(Run<int>(tf.pad(t, tf.constant(new[,] { { 0, 0 }, { 0, 1 } }))), Is.EqualTo(new[] { 1, 2, 3, 0, 4, 5, 6, 0 }), "paddings as a tensor");
    }

    [Test]
    public void PadGradients()
    {
        var x = tf.constant(new float[] { 1, 2, 3 });
        Assert.That(Grad(v => tf.pad(v, new[,] { { 2, 1 } }), x), Is.EqualTo(new[] { 1f, 1, 1 }));
        // REFLECT [1,2,3] by 2 on each side is [3,2,1,2,3,2,1]: the gradient folds back onto the sources.
        Assert.That(Grad(v => tf.pad(v, new[,] { { 2, 2 } }, "REFLECT"), x), Is.EqualTo(new[] { 2f, 3, 2 }));
        // SYMMETRIC by 2 is [2,1,1,2,3,3,2].
        Assert.That(Grad(v => tf.pad(v, new[,] { { 2, 2 } }, "SYMMETRIC"), x), Is.EqualTo(new[] { 2f, 3, 2 }));
    }

    [Test]
    public void PadBadInput()
    {
        var t = new[,] { { 1, 2, 3 }, { 4, 5, 6 } };
        Throws<ValueError>(() => tf.pad(t, new[,] { { 1, 1 } }), "tf.pad", "[2, 2]", "[2, 3]");
        Throws<ValueError>(() => tf.pad(t, new[] { 1, 1, 1, 1 }), "tf.pad", "matrix of shape [2, 2]");
        Throws<ValueError>(() => tf.pad(t, new[,] { { 0, 0 }, { 3, 0 } }, "REFLECT"), "tf.pad", "paddings must be less than the dimension size: 3, 0 not less than 3");
        Throws<ValueError>(() => tf.pad(t, new[,] { { 0, 3 }, { 0, 0 } }, "SYMMETRIC"), "tf.pad", "no greater than the dimension size: 0, 3 greater than 2");
        Throws<ValueError>(() => tf.pad(t, new[,] { { -1, 0 }, { 0, 0 } }), "tf.pad", "non-negative");
        Throws<ValueError>(() => tf.pad(t, new[,] { { 1, 0 }, { 0, 0 } }, "WRAP"), "tf.pad", "Unknown padding mode: WRAP");
        var p = tf.placeholder(tf.float32, new Shape(-1));
        var r = tf.pad(p, new[,] { { 2, 0 } }, "REFLECT");
        Throws<InvalidArgumentError>(() => Run<float>(r, (p, np.array(new float[2]))), "tf.pad", "not less than 2");
    }

    [Test]
    public void ReverseAsTheDocstring()
    {
        var t = tf.constant(Enumerable.Range(0, 24).ToArray().Reshape(1, 2, 3, 4));
        var last = tf.reverse(t, new[] { 3 });
        Assert.That(last.op.type, Is.EqualTo("ReverseV2"));
        Assert.That(Run<int>(last).Take(8), Is.EqualTo(new[] { 3, 2, 1, 0, 7, 6, 5, 4 }));
        Assert.That(Run<int>(tf.reverse(t, new[] { 1 })).Take(4), Is.EqualTo(new[] { 12, 13, 14, 15 }));
        Assert.That(Run<int>(tf.reverse_v2(t, new[] { -2, 1 })).Take(4), Is.EqualTo(new[] { 20, 21, 22, 23 }));
        Assert.That(Run<int>(tf.reverse(t, new int[0])), Is.EqualTo(Enumerable.Range(0, 24).ToArray()));
        var x = tf.constant(new float[] { 1, 2, 3 });
        var g = tf.gradients(tf.reduce_sum(tf.multiply(tf.reverse(x, new[] { 0 }), tf.constant(new float[] { 1, 2, 3 }))), x)[0]!;
        Assert.That(Run<float>(g), Is.EqualTo(new[] { 3f, 2, 1 }));
        Throws<ValueError>(() => tf.reverse(t, new[] { 1, -3 }), "tf.reverse", "axis 1 specified more than once");
        Throws<ValueError>(() => tf.reverse(t, new[] { 4 }), "tf.reverse", "out of range");
    }

    [Test]
    public void BroadcastToAndItsGradient()
    {
        var b = tf.broadcast_to(new[] { 1, 2, 3 }, new[] { 3, 3 });
        Assert.That(Dims(b), Is.EqualTo(new long[] { 3, 3 }));
        Assert.That(Run<int>(b), Is.EqualTo(new[] { 1, 2, 3, 1, 2, 3, 1, 2, 3 }));
        Assert.That(Run<int>(tf.broadcast_to(new[,] { { 1 }, { 2 } }, new[] { 2, 2, 3 })), Is.EqualTo(new[] { 1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2 }));
        var x = tf.constant(new float[] { 1, 2 });
        Assert.That(Grad(v => tf.broadcast_to(v, new[] { 3, 2 }), x), Is.EqualTo(new[] { 3f, 3 }));
        Throws<ValueError>(() => tf.broadcast_to(new[] { 1, 2, 3 }, new[] { 2, 2 }), "tf.broadcast_to", "[3]", "[2, 2]");
    }

    [Test]
    public void BooleanMaskAsTheDocstring()
    {
        var m = tf.boolean_mask(new[] { 0, 1, 2, 3 }, new[] { true, false, true, false });
        Assert.That(Run<int>(m), Is.EqualTo(new[] { 0, 2 }));
        var rows = tf.boolean_mask(new[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }, new[] { true, false, true });
        Assert.That(rows.shape.as_list(), Is.EqualTo(new int?[] { null, 2 }));
        Assert.That(Run<int>(rows), Is.EqualTo(new[] { 1, 2, 5, 6 }));
        var twoD = tf.boolean_mask(new[,] { { 1, 2 }, { 3, 4 } }, new[,] { { true, false }, { false, true } });
        Assert.That(Run<int>(twoD), Is.EqualTo(new[] { 1, 4 }));
        var cols = tf.boolean_mask(new[,] { { 1, 2, 3 }, { 4, 5, 6 } }, new[] { false, true, true }, axis: 1);
        Assert.That(Run<int>(cols), Is.EqualTo(new[] { 2, 3, 5, 6 }));
        var x = tf.constant(new float[] { 1, 2, 3 });
        Assert.That(Grad(v => tf.boolean_mask(v, new[] { true, false, true }), x), Is.EqualTo(new[] { 1f, 0, 1 }));
        Throws<ValueError>(() => tf.boolean_mask(new[] { 1, 2 }, true), "tf.boolean_mask", "mask cannot be scalar");
        Throws<TypeError>(() => tf.boolean_mask(new[] { 1, 2 }, new[] { 1, 0 }), "tf.boolean_mask", "mask must be bool");
        Throws<ValueError>(() => tf.boolean_mask(new[] { 1, 2 }, new[] { true, false, true }), "tf.boolean_mask", "incompatible");
    }

    [Test]
    public void MeshgridAsTheDocstring()
    {
        var xy = tf.meshgrid([new[] { 1, 2, 3 }, new[] { 4, 5, 6 }]);
        Assert.That(Run<int>(xy[0]), Is.EqualTo(new[] { 1, 2, 3, 1, 2, 3, 1, 2, 3 }));
        Assert.That(Run<int>(xy[1]), Is.EqualTo(new[] { 4, 4, 4, 5, 5, 5, 6, 6, 6 }));
        var ij = tf.meshgrid([new[] { 1, 2 }, new[] { 4, 5, 6 }], indexing: "ij");
        Assert.That(Dims(ij[0]), Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(Run<int>(ij[0]), Is.EqualTo(new[] { 1, 1, 1, 2, 2, 2 }));
        Assert.That(Dims(tf.meshgrid([new[] { 1, 2 }, new[] { 4, 5, 6 }])[0]), Is.EqualTo(new long[] { 3, 2 }));
        Assert.Throws<ValueError>(() => tf.meshgrid([new[] { 1 }], indexing: "xz"));
    }

    // Random seeds derive from op ids: each function takes as many ids as TF 1.x's Python creates ops.
    [Test]
    public void OpIdsAsTf1x()
    {
        var g = tf.get_default_graph();
        var x = tf.constant(new float[2, 3]);
        int Ids(Func<object> f)
        {
            int before = g.LastId;
            f();
            return g.LastId - before;
        }
        Assert.That(Ids(() => tf.range(5)), Is.EqualTo(4), "Consts start, limit, delta; Range");
        Assert.That(Ids(() => tf.range(0, 2.5, 0.5)), Is.EqualTo(5), "and a Cast of the int32 start to float32");
        Assert.That(Ids(() => tf.linspace(0.0, 1.0, 3)), Is.EqualTo(4));
        Assert.That(Ids(() => tf.fill(new[] { 2 }, 1)), Is.EqualTo(3), "Consts dims and value; Fill");
        Assert.That(Ids(() => tf.slice(x, new[] { 0, 0 }, new[] { 1, 1 })), Is.EqualTo(3));
        Assert.That(Ids(() => x[0]), Is.EqualTo(4), "Consts begin, end, strides; StridedSlice");
        Assert.That(Ids(() => x[.., 1..]), Is.EqualTo(4));
        Assert.That(Ids(() => tf.gather(x, new[] { 0 })), Is.EqualTo(3), "Consts indices and axis; GatherV2");
        Assert.That(Ids(() => tf.split(x, 3, axis: 1)), Is.EqualTo(2));
        Assert.That(Ids(() => tf.split(x, new[] { 1, 2 }, axis: 1)), Is.EqualTo(3));
        Assert.That(Ids(() => tf.tile(x, new[] { 1, 2 })), Is.EqualTo(2));
        Assert.That(Ids(() => tf.pad(x, new[,] { { 0, 0 }, { 1, 1 } })), Is.EqualTo(2));
        Assert.That(Ids(() => tf.reverse(x, new[] { 0 })), Is.EqualTo(2));
        Assert.That(Ids(() => tf.broadcast_to(x, new[] { 2, 2, 3 })), Is.EqualTo(2));
    }

    // ---- tensors as shape and axis arguments (TF's constant_value) -----------------------------------------------

    [Test]
    public void ShapeAndAxisArgumentsMayBeTensorsKnownAtBuildTime()
    {
        var y = tf.constant(new float[2, 3]);
        var x = tf.constant(new float[] { 1, 2, 3, 4, 5, 6 });
        Assert.That(Dims(tf.reshape(x, tf.shape(y))), Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(Dims(tf.zeros(tf.shape(y))), Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(Dims(tf.ones(tf.shape(y), tf.int32)), Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(Dims(tf.tile(y, tf.constant(new[] { 2, 1 }))), Is.EqualTo(new long[] { 4, 3 }));
        Assert.That(Dims(tf.broadcast_to(x, tf.stack(new[] { tf.constant(4), tf.constant(6) }))), Is.EqualTo(new long[] { 4, 6 }));
        Assert.That(Run<float>(tf.reduce_sum(tf.reshape(x, tf.shape(y)), axis: tf.constant(1))), Is.EqualTo(new[] { 6f, 15f }));
        Assert.That(Dims(tf.reduce_sum(y, axis: tf.constant(new[] { 0, 1 }))), Is.Empty);
        // Arithmetic on constants folds too: tf.shape(y) * 2.
        Assert.That(Dims(tf.zeros(tf.multiply(tf.shape(y), 2))), Is.EqualTo(new long[] { 4, 6 }));
        Throws<ValueError>(() => tf.reduce_sum(x, axis: tf.placeholder(tf.int32)), "axis", "not known");
    }

    [Test]
    public void ShapeTensorsKnownOnlyAtRunTimeAreReadWhenTheGraphRuns()
    {
        var p = tf.placeholder(tf.float32, new Shape(-1, 3));
        var x = tf.placeholder(tf.float32, new Shape(-1));
        var r = tf.reshape(x, tf.shape(p));
        Assert.That(r.op.type, Is.EqualTo("DynamicReshape"));
        Assert.That(r.shape.as_list(), Is.EqualTo(new int?[] { null, 3 }), "TF's constant_value_as_shape");
        var pv = np.array(new float[2, 3]);
        var xv = np.array(new float[] { 1, 2, 3, 4, 5, 6 });
        using (var sess = tf.Session())
        {
            Assert.That(sess.run(r, (p, pv), (x, xv)).shape.dims, Is.EqualTo(new long[] { 2, 3 }));
            var e = Assert.Throws<InvalidArgumentError>(() => sess.run(r, (p, pv), (x, np.array(new float[4]))))!;
            Assert.That(e.Message, Does.Contain("Input to reshape is a tensor with 4 values"));
        }
        // [tf.shape(p)[0], -1] auto-packs; the gradient reshapes back.
        var flat = tf.reshape(p, new object[] { tf.shape(p)[0], -1 });
        Assert.That(Run<float>(flat, (p, pv)).Length, Is.EqualTo(6));
        var z = tf.zeros(tf.shape(p));
        Assert.That(z.op.type, Is.EqualTo("DynamicFill"));
        Assert.That(z.shape.as_list(), Is.EqualTo(new int?[] { null, 3 }));
        Assert.That(Run<float>(tf.add(z, p), (p, np.array(new float[,] { { 1, 2, 3 } }))), Is.EqualTo(new[] { 1f, 2, 3 }));
        Assert.That(Run<int>(tf.fill(tf.shape(x), 7), (x, np.array(new float[2]))), Is.EqualTo(new[] { 7, 7 }));
        Assert.That(Run<float>(tf.ones_like(p) * 0 + tf.ones(tf.shape(p)), (p, pv)), Is.EqualTo(Enumerable.Repeat(1f, 6).ToArray()));
        var g = tf.gradients(tf.reduce_sum(tf.multiply(tf.reshape(x, tf.shape(p)), tf.constant(new float[] { 1, 2, 3 }))), x)[0]!;
        Assert.That(Run<float>(g, (p, pv), (x, xv)), Is.EqualTo(new[] { 1f, 2, 3, 1, 2, 3 }));
        Throws<TypeError>(() => tf.reshape(x, tf.cast(tf.shape(p), tf.float32)), "tf.reshape", "int32 or int64");
    }
    [Test]
    public void OneHotTakesOnAndOffValuesAsTensors()
    {
        using var sess = tf.Session();
        // A constant is used as the number it holds; a placeholder is read when the graph runs.
        Assert.That(sess.run(tf.one_hot(new[] { 0, 2 }, 3, on_value: tf.constant(5.0), off_value: tf.constant(-1.0))).ToArray<float>(),
            Is.EqualTo(new[] { 5f, -1f, -1f, -1f, -1f, 5f }));
        var on = tf.placeholder(tf.int32, new int[0]);
        var oh = tf.one_hot(new[] { 1, 7 }, 3, on_value: on, off_value: 0);
        Assert.That(oh.dtype, Is.EqualTo(TF_DataType.TF_INT32));
        Assert.That(sess.run(oh, (on, 9)).ToArray<int>(), Is.EqualTo(new[] { 0, 9, 0, 0, 0, 0 }));
        var e = Assert.Throws<ValueError>(() => tf.one_hot(new[] { 0 }, 3, on_value: tf.constant(new[] { 1.0, 2.0 })));
        Assert.That(e!.Message, Does.Contain("on_value must be a scalar, got shape [2]"));
        Assert.Throws<TypeError>(() => tf.one_hot(new[] { 0 }, 3, on_value: on, off_value: 0.5));
    }
}

internal static class ArrayTestExtensions
{
    /// <summary>The values laid out row-major in the given shape, as a C# multi-dimensional array.</summary>
    public static Array Reshape(this int[] values, params int[] dims)
    {
        var r = Array.CreateInstance(typeof(int), dims);
        var index = new int[dims.Length];
        foreach (var v in values)
        {
            r.SetValue(v, index);
            for (int d = dims.Length - 1; d >= 0; d--)
            {
                if (++index[d] < dims[d]) break;
                index[d] = 0;
            }
        }
        return r;
    }

}
