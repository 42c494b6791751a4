using System.IO.Compression;

namespace Bridge.Tests.Data;

/// <summary>The original MNIST files from ../shared/data/mnist (or $BRIDGE_SHARED), loaded once for the fixture.</summary>
public class RealMnistTests
{
    private static string Dir => Path.Combine(SharedData.SharedDir, "data", "mnist");
    private Datasets _hot = null!;
    private Datasets _ids = null!;
    private byte[] _rawTrainImages = null!;
    private byte[] _rawTrainLabels = null!;

    [OneTimeSetUp]
    public void Load()
    {
        if (!File.Exists(Path.Combine(Dir, "train-images-idx3-ubyte.gz")))
            Assert.Fail($"The MNIST files are missing from {Dir}: put the shared folder beside the repository or set BRIDGE_SHARED.");
        _hot = input_data.read_data_sets(Dir, one_hot: true, seed: 1, log: TextWriter.Null);
        _ids = input_data.read_data_sets(Dir, one_hot: false, seed: 1, log: TextWriter.Null);
        _rawTrainImages = Gunzip("train-images-idx3-ubyte.gz")[16..];
        _rawTrainLabels = Gunzip("train-labels-idx1-ubyte.gz")[8..];
    }

    private static byte[] Gunzip(string name)
    {
        using var gz = new GZipStream(File.OpenRead(Path.Combine(Dir, name)), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }

    [Test]
    public void CountsShapesAndDtypes()
    {
        Assert.That((_hot.train.num_examples, _hot.validation.num_examples, _hot.test.num_examples), Is.EqualTo((55000, 5000, 10000)));
        Assert.That(_hot.train.images.shape.dims, Is.EqualTo(new long[] { 55000, 784 }));
        Assert.That(_hot.validation.images.shape.dims, Is.EqualTo(new long[] { 5000, 784 }));
        Assert.That(_hot.test.images.shape.dims, Is.EqualTo(new long[] { 10000, 784 }));
        Assert.That(_hot.train.labels.shape.dims, Is.EqualTo(new long[] { 55000, 10 }));
        Assert.That(_ids.test.labels.shape.dims, Is.EqualTo(new long[] { 10000 }));
        Assert.That(_hot.train.images.dtype, Is.EqualTo(TF_DataType.TF_FLOAT));
        Assert.That(_hot.train.labels.dtype, Is.EqualTo(TF_DataType.TF_FLOAT));
        Assert.That(_ids.train.labels.dtype, Is.EqualTo(TF_DataType.TF_UINT8));
        Assert.That((_hot.train.epochs_completed, _hot.train.index_in_epoch), Is.EqualTo((0, 0)));
    }

    [Test]
    public void ValueRange()
    {
        var v = _hot.test.images.ToArray<float>();
        Assert.That(v.Min(), Is.EqualTo(0f));
        Assert.That(v.Max(), Is.EqualTo(1f));
    }

    [Test]
    public void FirstLabels()
    {
        // The training file starts with a 5; train begins at its example 5000 (a 7), test with 7 2 1 0 4.
        Assert.That(_ids.validation.labels.ToArray<byte>()[0], Is.EqualTo(5));
        Assert.That(_ids.train.labels.ToArray<byte>()[0], Is.EqualTo(_rawTrainLabels[5000]).And.EqualTo(7));
        Assert.That(_hot.train.labels.ToArray<float>()[..10], Is.EqualTo(new float[] { 0, 0, 0, 0, 0, 0, 0, 1, 0, 0 }));
        Assert.That(_hot.validation.labels.ToArray<float>()[..10], Is.EqualTo(new float[] { 0, 0, 0, 0, 0, 1, 0, 0, 0, 0 }));
        Assert.That(_ids.test.labels.ToArray<byte>()[..5], Is.EqualTo(new byte[] { 7, 2, 1, 0, 4 }));
    }

    [Test]
    public void TestLabelCounts()
    {
        var counts = new int[10];
        foreach (var l in _ids.test.labels.ToArray<byte>()) counts[l]++;
        Assert.That(counts, Is.EqualTo(new[] { 980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009 }));
        var hot = _hot.test.labels.ToArray<float>();
        Assert.That(hot.Sum(), Is.EqualTo(10000f));
    }

    [Test]
    public void ValidationIsTheFirst5000OfTheTrainingFile()
    {
        var scale = (float)(1.0 / 255.0);
        var validation = _hot.validation.images.ToArray<float>();
        var train = _hot.train.images.ToArray<float>();
        Assert.That(validation, Is.EqualTo(_rawTrainImages[..(5000 * 784)].Select(p => (float)p * scale).ToArray()));
        Assert.That(train.AsSpan(0, 784).ToArray(), Is.EqualTo(_rawTrainImages.AsSpan(5000 * 784, 784).ToArray().Select(p => (float)p * scale).ToArray()));
        Assert.That(_ids.validation.labels.ToArray<byte>(), Is.EqualTo(_rawTrainLabels[..5000]));
        Assert.That(_ids.train.labels.ToArray<byte>(), Is.EqualTo(_rawTrainLabels[5000..]));
    }

    [Test]
    public void PixelScalingIsNumpys()
    {
        // numpy: float32 array * Python float 1.0/255.0 -> the scalar cast to float32, product in float32.
        var scale = (float)(1.0 / 255.0);
        Assert.That(input_data.ScaleTable[255], Is.EqualTo(1.0f));
        Assert.That(input_data.ScaleTable[128], Is.EqualTo((float)128 * scale));
        Assert.That(BitConverter.SingleToInt32Bits(input_data.ScaleTable[128]), Is.EqualTo(BitConverter.SingleToInt32Bits(0.5019608f)));
        // Differs from p / 255f for some p: the rounding really is numpy's, not a division.
        Assert.That(Enumerable.Range(0, 256).Count(p => input_data.ScaleTable[p] != p / 255f), Is.GreaterThan(0));
        var images = _hot.train.images.ToArray<float>();
        foreach (var i in new[] { 0, 152, 153, 156, 400, 43_120_000 - 1 })
            Assert.That(BitConverter.SingleToInt32Bits(images[i]), Is.EqualTo(BitConverter.SingleToInt32Bits((float)_rawTrainImages[5000 * 784 + i] * scale)), $"pixel {i}");
        var u8 = input_data.read_data_sets(Dir, dtype: TF_DataType.TF_UINT8, reshape: false, log: TextWriter.Null).test.images;
        Assert.That(u8.dtype, Is.EqualTo(TF_DataType.TF_UINT8));
        Assert.That(u8.shape.dims, Is.EqualTo(new long[] { 10000, 28, 28, 1 }));
    }

    [Test]
    public void OneEpochOfBatchesCoversTrainOnce()
    {
        var train = input_data.read_data_sets(Dir, one_hot: false, seed: 9, log: TextWriter.Null).train;
        var counts = new int[10];
        for (var b = 0; b < 550; b++)
        {
            var (xs, ys) = train.next_batch(100);
            Assert.That(xs.shape.dims, Is.EqualTo(new long[] { 100, 784 }));
            foreach (var l in ys.ToArray<byte>()) counts[l]++;
        }
        var expected = new int[10];
        foreach (var l in _rawTrainLabels[5000..]) expected[l]++;
        Assert.That(counts, Is.EqualTo(expected));
        Assert.That((train.epochs_completed, train.index_in_epoch), Is.EqualTo((0, 55000)));
    }

    [Test]
    public void GraphSeedSeedsTheShuffleAsTf()
    {
        // TF 1.x: with tf.set_random_seed(777) and no seed argument, numpy was seeded with 777.
        var saved = Graph.Default;
        try
        {
            Graph.Default = new Graph();
            Binding.tf.set_random_seed(777);
            var train = input_data.read_data_sets(Dir, one_hot: false, log: TextWriter.Null).train;
            var first = train.next_batch(10).labels.ToArray<byte>();
            var perm = new[] { 984, 13827, 12923, 18421, 30078, 34981, 28326, 33050, 38085, 40595 };
            Assert.That(first, Is.EqualTo(perm.Select(p => _rawTrainLabels[5000 + p]).ToArray()));
        }
        finally { Graph.Default = saved; }
    }

    [Test]
    public void LogsAsTf()
    {
        var log = new StringWriter();
        input_data.read_data_sets(Dir, log: log);
        Assert.That(log.ToString(), Does.StartWith($"Extracting {Path.Combine(Dir, "train-images-idx3-ubyte.gz")}\n"));
        Assert.That(log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(4));
    }
}
