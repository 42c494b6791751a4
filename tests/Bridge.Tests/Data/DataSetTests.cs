namespace Bridge.Tests.Data;

/// <summary>next_batch as TF 1.x's: shuffles at the first call and each epoch start, epoch-crossing batches, order kept without shuffle.</summary>
public class DataSetTests
{
    /// <summary>n examples of 3 pixels; example i has pixels i, i, i and class id i % 10 (or one-hot).</summary>
    private static DataSet Make(int n, uint seed, bool oneHot = false)
    {
        var images = new float[n * 3];
        for (var i = 0; i < images.Length; i++) images[i] = i / 3;
        Array labels;
        if (oneHot)
        {
            var l = new float[n * 10];
            for (var i = 0; i < n; i++) l[i * 10 + i % 10] = 1;
            labels = l;
        }
        else labels = Enumerable.Range(0, n).Select(i => (byte)(i % 10)).ToArray();
        return new DataSet(images, [n, 3], labels, oneHot ? 10 : 1, new NumPyRandomState(seed));
    }

    private static int[] Rows(NDArray images)
    {
        var v = images.ToArray<float>();
        Assert.That(images.shape.dims[1], Is.EqualTo(3));
        var rows = new int[v.Length / 3];
        for (var r = 0; r < rows.Length; r++)
        {
            Assert.That(v[3 * r + 1], Is.EqualTo(v[3 * r]).And.EqualTo(v[3 * r + 2]), "a row was torn");
            rows[r] = (int)v[3 * r];
        }
        return rows;
    }

    /// <summary>TF's orders, computed as TF did: images[perm] of a fresh shuffled arange, from one numpy stream.</summary>
    private static List<int[]> TfOrders(uint seed, int n, int epochs)
    {
        var random = new NumPyRandomState(seed);
        var orders = new List<int[]>();
        var current = Enumerable.Range(0, n).ToArray();
        for (var e = 0; e < epochs; e++)
        {
            var perm = Enumerable.Range(0, n).ToArray();
            random.Shuffle(perm);
            current = perm.Select(p => current[p]).ToArray();
            orders.Add(current);
        }
        return orders;
    }

    [Test]
    public void BatchesOfAnEpochArePermutation()
    {
        var ds = Make(1000, 5);
        var seen = new List<int>();
        for (var b = 0; b < 10; b++)
        {
            var (xs, ys) = ds.next_batch(100);
            Assert.That(xs.shape.dims, Is.EqualTo(new long[] { 100, 3 }));
            Assert.That(ys.shape.dims, Is.EqualTo(new long[] { 100 }));
            var rows = Rows(xs);
            Assert.That(ys.ToArray<byte>(), Is.EqualTo(rows.Select(r => (byte)(r % 10)).ToArray()), "labels follow their images");
            seen.AddRange(rows);
        }
        Assert.That(seen, Is.EquivalentTo(Enumerable.Range(0, 1000)));
        Assert.That(seen, Is.Not.EqualTo(Enumerable.Range(0, 1000)), "shuffled");
        Assert.That(seen, Is.EqualTo(TfOrders(5, 1000, 1)[0]));
        Assert.That((ds.epochs_completed, ds.index_in_epoch), Is.EqualTo((0, 1000)));
        ds.next_batch(100);
        Assert.That((ds.epochs_completed, ds.index_in_epoch), Is.EqualTo((1, 100)));
    }

    [Test]
    public void DeterministicWithSeed()
    {
        var a = Make(500, 42);
        var b = Make(500, 42);
        var c = Make(500, 43);
        for (var i = 0; i < 12; i++)
        {
            var ra = Rows(a.next_batch(100).images);
            Assert.That(ra, Is.EqualTo(Rows(b.next_batch(100).images)));
            if (i == 0) Assert.That(ra, Is.Not.EqualTo(Rows(c.next_batch(100).images)));
        }
    }

    [Test]
    public void BatchCrossingAnEpoch()
    {
        var ds = Make(10, 777, oneHot: true);
        var orders = TfOrders(777, 10, 2);
        Assert.That(Rows(ds.next_batch(4).images), Is.EqualTo(orders[0][..4]));
        Assert.That(Rows(ds.next_batch(4).images), Is.EqualTo(orders[0][4..8]));
        Assert.That(ds.epochs_completed, Is.EqualTo(0));
        var (xs, ys) = ds.next_batch(4);
        // The rest of epoch 0 (2 rows), then the first 2 of epoch 1's new order.
        Assert.That(Rows(xs), Is.EqualTo(orders[0][8..].Concat(orders[1][..2]).ToArray()));
        Assert.That(ys.shape.dims, Is.EqualTo(new long[] { 4, 10 }));
        var y = ys.ToArray<float>();
        var rows = Rows(xs);
        for (var r = 0; r < 4; r++) Assert.That(Array.IndexOf(y, 1f, r * 10, 10) - r * 10, Is.EqualTo(rows[r] % 10));
        Assert.That((ds.epochs_completed, ds.index_in_epoch), Is.EqualTo((1, 2)));
        Assert.That(Rows(ds.next_batch(4).images), Is.EqualTo(orders[1][2..6]));
        // The images attribute shows the current (epoch 1) order, as TF's did.
        Assert.That(Rows(ds.images), Is.EqualTo(orders[1]));
    }

    [Test]
    public void ShuffleFalseKeepsOrder()
    {
        var ds = Make(10, 1);
        Assert.That(Rows(ds.next_batch(4, shuffle: false).images), Is.EqualTo(new[] { 0, 1, 2, 3 }));
        Assert.That(Rows(ds.next_batch(4, shuffle: false).images), Is.EqualTo(new[] { 4, 5, 6, 7 }));
        Assert.That(Rows(ds.next_batch(4, shuffle: false).images), Is.EqualTo(new[] { 8, 9, 0, 1 }));
        Assert.That(ds.epochs_completed, Is.EqualTo(1));
        Assert.That(Rows(ds.images), Is.EqualTo(Enumerable.Range(0, 10).ToArray()));
    }

    [Test]
    public void ExactEpochBatches()
    {
        // batch == num_examples: the second call crosses with an empty rest and returns the whole new epoch.
        var ds = Make(10, 3);
        var orders = TfOrders(3, 10, 2);
        Assert.That(Rows(ds.next_batch(10).images), Is.EqualTo(orders[0]));
        Assert.That(Rows(ds.next_batch(10).images), Is.EqualTo(orders[1]));
        Assert.That(ds.epochs_completed, Is.EqualTo(1));
    }

    [Test]
    public void BadBatchSize()
    {
        var ds = Make(10, 3);
        Assert.Throws<ValueError>(() => ds.next_batch(0));
        Assert.Throws<ValueError>(() => ds.next_batch(11));
    }

    [Test]
    public void BatchesCopiedAheadOnTheHelperThreadAreTheBatchesCopiedInTurn()
    {
        // Rows of 784 pixels (large enough to be copied ahead), 650 examples: batches cross epoch ends, change size,
        // stop shuffling; each batch must equal the one a data set that copies nothing ahead returns.
        const int n = 650, width = 784;
        DataSet Wide(bool ahead)
        {
            var images = new float[n * width];
            for (var i = 0; i < images.Length; i++) images[i] = i / width + (i % width) / 1000f;
            var labels = Enumerable.Range(0, n).Select(i => (byte)(i % 10)).ToArray();
            return new DataSet(images, [n, width], labels, 1, new NumPyRandomState(5)) { CopiesAhead = ahead };
        }
        var copied = Wide(ahead: true);
        var inTurn = Wide(ahead: false);
        int[] sizes = [.. Enumerable.Repeat(64, 25), 37, 37, 100, .. Enumerable.Repeat(50, 30), 650, 7, 64];
        for (var s = 0; s < sizes.Length; s++)
        {
            bool shuffle = s < 40;
            var (x1, y1) = copied.next_batch(sizes[s], shuffle);
            var (x2, y2) = inTurn.next_batch(sizes[s], shuffle);
            Assert.That(x1.ToArray<float>(), Is.EqualTo(x2.ToArray<float>()), $"images of batch {s}");
            Assert.That(y1.ToArray<byte>(), Is.EqualTo(y2.ToArray<byte>()), $"labels of batch {s}");
            Assert.That(copied.index_in_epoch, Is.EqualTo(inTurn.index_in_epoch));
            Assert.That(copied.epochs_completed, Is.EqualTo(inTurn.epochs_completed));
            if (s == 30) Assert.That(copied.images.ToArray<float>(), Is.EqualTo(inTurn.images.ToArray<float>()));
        }
    }

    [Test]
    public void FloatImagesHeldAsBytesAreHandedOutAsTheScaledFloats()
    {
        // read_data_sets keeps MNIST's pixels as bytes and scales each batch's rows as it copies them: every batch,
        // copied ahead or in turn, across epoch ends, and `images` before and after a shuffle must be bit for bit the
        // batches of a data set holding the floats TF's loader made (float32(p) * float32(1/255)).
        const int n = 650, width = 784;
        var pixels = new byte[n * width];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 7 + i / width);
        var floats = pixels.Select(p => (float)p * (float)(1.0 / 255.0)).ToArray();
        var labels = Enumerable.Range(0, n).Select(i => (byte)(i % 10)).ToArray();
        foreach (var ahead in new[] { true, false })
        {
            var held = new DataSet(pixels, [n, width], labels, 1, new NumPyRandomState(5), floatPixels: true) { CopiesAhead = ahead };
            var reference = new DataSet(floats, [n, width], labels, 1, new NumPyRandomState(5)) { CopiesAhead = false };
            int[] sizes = [.. Enumerable.Repeat(64, 25), 37, 100, .. Enumerable.Repeat(50, 14), 650, 7];
            for (var s = 0; s < sizes.Length; s++)
            {
                var (x1, y1) = held.next_batch(sizes[s]);
                var (x2, y2) = reference.next_batch(sizes[s]);
                Assert.That(x1.dtype, Is.EqualTo(TF_DataType.TF_FLOAT));
                Assert.That(x1.ToArray<float>().Select(BitConverter.SingleToInt32Bits), Is.EqualTo(x2.ToArray<float>().Select(BitConverter.SingleToInt32Bits)), $"images of batch {s} (ahead: {ahead})");
                Assert.That(y1.ToArray<byte>(), Is.EqualTo(y2.ToArray<byte>()), $"labels of batch {s}");
                if (s == 20) Assert.That(held.images.ToArray<float>(), Is.EqualTo(reference.images.ToArray<float>()), "images after a shuffle");
            }
        }
        // Asked for whole before a shuffle, the storage becomes its floats (the attribute is the storage, as TF's):
        // batches after that come from the floats, and are the same.
        var whole = new DataSet(pixels, [n, width], labels, 1, new NumPyRandomState(5), floatPixels: true);
        Assert.That(whole.images.dtype, Is.EqualTo(TF_DataType.TF_FLOAT));
        Assert.That(whole.images.ToArray<float>(), Is.EqualTo(floats), "images before the first shuffle");
        var again = new DataSet(floats, [n, width], labels, 1, new NumPyRandomState(5));
        Assert.That(whole.next_batch(100).images.ToArray<float>(), Is.EqualTo(again.next_batch(100).images.ToArray<float>()));
        var raw = new DataSet(pixels, [n, width], labels, 1, new NumPyRandomState(5));
        Assert.That(raw.next_batch(10).images.dtype, Is.EqualTo(TF_DataType.TF_UINT8), "bytes without floatPixels stay uint8");
    }
}
