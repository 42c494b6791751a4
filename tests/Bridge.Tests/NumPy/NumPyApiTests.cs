using static Bridge.Binding;

namespace Bridge.Tests.NumPy;

/// <summary>np and NDArray: creation dtypes, indexing as the labs use it, reductions, arithmetic, conversions.</summary>
public class NumPyApiTests : GraphFixture
{
    private static readonly NDArray Xy = np.array(new[,]
    {
        { 1.0, 2.0, 3.0 },
        { 4.0, 5.0, 6.0 },
        { 7.0, 8.0, 9.0 },
    });

    [Test]
    public void ArrayDtypesFollowNumPyOnLinux()
    {
        Assert.That(np.array(new[] { 1.0 }).dtype, Is.EqualTo(np.float64));
        Assert.That(np.array(new[] { 1 }).dtype, Is.EqualTo(np.int64));
        Assert.That(np.array(new[] { 1f }).dtype, Is.EqualTo(np.float32));
        Assert.That(np.array(new[] { true }).dtype, Is.EqualTo(np.@bool));
        Assert.That(np.array(new object[] { 1, 2.5 }).dtype, Is.EqualTo(np.float64), "ints and floats mix to float");
        Assert.That(np.array(new[] { 1, 2 }, np.float32).dtype, Is.EqualTo(np.float32));
        Assert.That(np.array(new[] { new[] { 1.0, 2.0 }, new[] { 3.0, 4.0 } }).shape.dims, Is.EqualTo(new long[] { 2, 2 }));
        Assert.That(np.array(3.5).ndim, Is.EqualTo(0));
    }

    [Test]
    public void SlicesAsTheLabsWriteThem()
    {
        // xy[:, 0:-1] and xy[:, [-1]] (labs 07-2 and 07-3).
        var x = Xy[.., 0..^1];
        var y = Xy[.., new[] { -1 }];
        Assert.That(x.shape.dims, Is.EqualTo(new long[] { 3, 2 }));
        Assert.That(x.ToArray<double>(), Is.EqualTo(new[] { 1.0, 2, 4, 5, 7, 8 }));
        Assert.That(y.shape.dims, Is.EqualTo(new long[] { 3, 1 }));
        Assert.That(y.ToArray<double>(), Is.EqualTo(new[] { 3.0, 6, 9 }));
        Assert.That(Xy[":, 0:-1"].ToArray<double>(), Is.EqualTo(x.ToArray<double>()));
        Assert.That(Xy[":, [-1]"].shape.dims, Is.EqualTo(new long[] { 3, 1 }));
        Assert.That(Xy["::2, 1"].ToArray<double>(), Is.EqualTo(new[] { 2.0, 8 }));
        Assert.That(Xy[-1].ToArray<double>(), Is.EqualTo(new[] { 7.0, 8, 9 }));
        Assert.That((double)Xy[1, 2], Is.EqualTo(6.0));
        Assert.That(Xy["5:"].shape.dims, Is.EqualTo(new long[] { 0, 3 }), "slices clamp as in Python");
    }

    [Test]
    public void ReductionsWithAxis()
    {
        Assert.That(np.min(Xy, 0).ToArray<double>(), Is.EqualTo(new[] { 1.0, 2, 3 }));
        Assert.That(np.max(Xy, 1).ToArray<double>(), Is.EqualTo(new[] { 3.0, 6, 9 }));
        Assert.That(np.sum(Xy, 0).ToArray<double>(), Is.EqualTo(new[] { 12.0, 15, 18 }));
        Assert.That((double)np.mean(Xy), Is.EqualTo(5.0));
        Assert.That((double)np.std(np.array(new[] { 1.0, 3.0 })), Is.EqualTo(1.0));
        Assert.That(np.sum(np.array(new[] { 1, 2 })).dtype, Is.EqualTo(np.int64));
        Assert.That(np.mean(np.array(new[] { 1, 2 })).dtype, Is.EqualTo(np.float64));
        Assert.That(np.argmax(np.array(new[] { 1.0, 9.0, 3.0 })).ToArray<long>(), Is.EqualTo(new long[] { 1 }));
    }

    [Test]
    public void MinMaxScalerAsLab073DefinesIt()
    {
        // numerator / (denominator + 1e-7), column-wise on float64: the 0.99999999 values of the lab's print.
        var numerator = Xy - np.min(Xy, 0);
        var denominator = np.max(Xy, 0) - np.min(Xy, 0);
        var scaled = numerator / (denominator + 1e-7);
        Assert.That(scaled.dtype, Is.EqualTo(np.float64));
        Assert.That(scaled.ToArray<double>()[8], Is.EqualTo(6.0 / (6.0 + 1e-7)));
        Assert.That(scaled.ToArray<double>()[0], Is.EqualTo(0.0));
    }

    [Test]
    public void ArithmeticPromotesAsNumPy()
    {
        var f32 = np.array(new[] { 1f, 2f });
        Assert.That((f32 * 2.5).dtype, Is.EqualTo(np.float32), "a Python float keeps a float32 array float32");
        Assert.That((np.array(new[] { 1, 2 }) * 2.5).dtype, Is.EqualTo(np.float64));
        Assert.That((np.array(new[] { 1, 2 }) / 2).dtype, Is.EqualTo(np.float64), "true division");
        Assert.That((np.array(new[] { 1, 2 }) + 1).dtype, Is.EqualTo(np.int64));
        Assert.That((f32 + np.array(new[] { 1.0, 1.0 })).dtype, Is.EqualTo(np.float64));
        Assert.That((np.array(new[] { 1.0, 2.0 }) > 1.5).ToArray<bool>(), Is.EqualTo(new[] { false, true }));
        Assert.That((-np.array(new[] { 1, -2 })).ToArray<long>(), Is.EqualTo(new long[] { -1, 2 }));
        Assert.Throws<ValueError>(() => _ = np.array(new[] { 1.0, 2.0 }) + np.array(new[] { 1.0, 2.0, 3.0 }));
    }

    [Test]
    public void ConversionsToAndFromTensorsAndArrays()
    {
        var nd = np.array(new[,] { { 1.0, 2.0 } });
        var t = tf.constant(nd);
        Assert.That(t.dtype, Is.EqualTo(tf.float64));
        var sess = tf.Session();
        var back = sess.run(t);
        Assert.That(back.ToArray<double>(), Is.EqualTo(new[] { 1.0, 2.0 }));
        Assert.That(back.ToArray<float>(), Is.EqualTo(new[] { 1f, 2f }));
        Assert.That((float)sess.run(tf.reduce_sum(new[] { 1.5, 2.5 })), Is.EqualTo(4f));
        NDArray fromArray = new[] { 1, 2, 3 };
        Assert.That(fromArray.dtype, Is.EqualTo(np.int32));
        Assert.That(nd.reshape(2, 1).shape.dims, Is.EqualTo(new long[] { 2, 1 }));
        Assert.That(nd.astype(np.int32).ToArray<int>(), Is.EqualTo(new[] { 1, 2 }));
        Assert.Throws<ValueError>(() => _ = (float)nd);
        sess.Dispose();
    }

    [Test]
    public void PrintOptionsSwitchBetweenStyles()
    {
        var a = np.array(new[] { 0.0, 1.0 });
        np.set_printoptions(legacy: "1.13");
        Assert.That(a.ToString(), Is.EqualTo("[ 0.  1.]"));
        np.set_printoptions(legacy: false);
        Assert.That(a.ToString(), Is.EqualTo("[0. 1.]"));
        Assert.Throws<ValueError>(() => np.set_printoptions(legacy: "1.12"));
    }

    [Test]
    public void PrintJoinsWithSpacesAsPython()
    {
        var text = Capture(() =>
        {
            print("Cost:", 2.5f, 3, 0.1, true, null, np.array(new[] { 1, 2 }).shape);
            pprint(np.array(new[] { 1.5f }));
        });
        Assert.That(text, Is.EqualTo("Cost: 2.5 3 0.1 True None (2,)\narray([1.5], dtype=float32)\n"));
    }

    [Test]
    public void FlattenCopiesInRowMajorOrder()
    {
        var a = np.array(new[,] { { 1f, 2f }, { 3f, 4f } });
        var f = a.flatten();
        Assert.That(f.shape.dims, Is.EqualTo(new long[] { 4 }));
        Assert.That(f.ToArray<float>(), Is.EqualTo(new[] { 1f, 2f, 3f, 4f }));
        Assert.That(f.Storage, Is.Not.SameAs(a.Storage));  // numpy's flatten copies; reshape shares
    }
}
