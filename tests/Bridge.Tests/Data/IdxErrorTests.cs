namespace Bridge.Tests.Data;

/// <summary>Every way a hand-made MNIST file can be wrong fails with a DataLossError naming the file and the problem.</summary>
public class IdxErrorTests
{
    private string _dir = "";

    [SetUp] public void SetUp() => _dir = IdxFiles.Folder();
    [TearDown] public void TearDown() => Directory.Delete(_dir, recursive: true);

    private Datasets Read(int validation = 5) =>
        input_data.read_data_sets(_dir, one_hot: true, validation_size: validation, seed: 1, source_url: "http://127.0.0.1:1/", log: TextWriter.Null);

    private DataLossError Fails(string file, params string[] words)
    {
        var e = Assert.Throws<DataLossError>(() => Read())!;
        Assert.That(e.Message, Does.Contain(file));
        foreach (var w in words) Assert.That(e.Message, Does.Contain(w));
        Assert.That(e.Message, Does.Contain(" - help: "));
        return e;
    }

    [TestCase(true), TestCase(false)]
    public void SmallValidFilesLoad(bool gzip)
    {
        _dir = IdxFiles.Folder(gzip);
        var data = Read();
        Assert.That((data.train.num_examples, data.validation.num_examples, data.test.num_examples), Is.EqualTo((15, 5, 10)));
        Assert.That(data.train.images.shape.dims, Is.EqualTo(new long[] { 15, 784 }));
        // Train starts at example 5 of the file: pixel k of example i is (i + k) % 256, label i % 10.
        Assert.That(data.train.images.ToArray<float>()[3], Is.EqualTo((float)8 * (float)(1.0 / 255.0)));
        Assert.That(data.train.labels.ToArray<float>()[..10], Is.EqualTo(new float[] { 0, 0, 0, 0, 0, 1, 0, 0, 0, 0 }));
    }

    [TestCase(true), TestCase(false)]
    public void BadMagicInImages(bool gzip)
    {
        IdxFiles.Write(_dir, IdxFiles.TrainImages, IdxFiles.Images(20, magic: 1234), gzip);
        Fails(IdxFiles.TrainImages, "Invalid magic number 1234", "expected 2051");
    }

    [Test]
    public void LabelFileInPlaceOfImages()
    {
        IdxFiles.Write(_dir, IdxFiles.TestImages, IdxFiles.Labels(10), gzip: true);
        Fails(IdxFiles.TestImages, "Invalid magic number 2049", "swapped");
    }

    [TestCase(true), TestCase(false)]
    public void BadMagicInLabels(bool gzip)
    {
        IdxFiles.Write(_dir, IdxFiles.TestLabels, IdxFiles.Labels(10, magic: 7), gzip);
        Fails(IdxFiles.TestLabels, "Invalid magic number 7", "expected 2049");
    }

    [Test]
    public void CountsDisagreeBetweenImagesAndLabels()
    {
        IdxFiles.Write(_dir, IdxFiles.TrainLabels, IdxFiles.Labels(19), gzip: true);
        Fails(IdxFiles.TrainLabels, "19 labels", "20 images", IdxFiles.TrainImages);
    }

    [TestCase(true), TestCase(false)]
    public void TruncatedImages(bool gzip)
    {
        var data = IdxFiles.Images(20);
        IdxFiles.Write(_dir, IdxFiles.TrainImages, data[..(data.Length - 100)], gzip);
        Fails(IdxFiles.TrainImages, "truncated", "20 images of 28x28", gzip ? $"only {data.Length - 16 - 100} bytes" : $"only {data.Length - 100} bytes");
    }

    [TestCase(true), TestCase(false)]
    public void TruncatedLabels(bool gzip)
    {
        IdxFiles.Write(_dir, IdxFiles.TestLabels, IdxFiles.Labels(10, headerCount: 12), gzip);
        Fails(IdxFiles.TestLabels, "truncated", "12 labels", "only 10");
    }

    [Test]
    public void ShorterThanHeader()
    {
        IdxFiles.Write(_dir, IdxFiles.TestImages, IdxFiles.Images(10)[..10], gzip: false);
        Fails(IdxFiles.TestImages, "truncated", "16-byte IDX header");
    }

    [Test]
    public void TruncatedGzipStream()
    {
        var gz = IdxFiles.Gzip(IdxFiles.Images(20));
        File.WriteAllBytes(Path.Combine(_dir, IdxFiles.TrainImages + ".gz"), gz[..(gz.Length / 2)]);
        Fails(IdxFiles.TrainImages);
    }

    [Test]
    public void NotGzip()
    {
        // A raw IDX file under a .gz name: gzip's magic bytes are missing.
        File.WriteAllBytes(Path.Combine(_dir, IdxFiles.TrainLabels + ".gz"), IdxFiles.Labels(20));
        Fails(IdxFiles.TrainLabels, "not a gzip file");
    }

    [Test]
    public void CorruptGzip()
    {
        var gz = IdxFiles.Gzip(IdxFiles.Images(20));
        for (var i = 20; i < gz.Length - 8; i += 7) gz[i] ^= 0x5a; // damage the deflate data, keep the gzip header
        File.WriteAllBytes(Path.Combine(_dir, IdxFiles.TrainImages + ".gz"), gz);
        Fails(IdxFiles.TrainImages);
    }

    [Test]
    public void EmptyGzipFile()
    {
        File.WriteAllBytes(Path.Combine(_dir, IdxFiles.TestLabels + ".gz"), []);
        Fails(IdxFiles.TestLabels, "not a gzip file", "empty");
    }

    [TestCase(20, 20), TestCase(28, 27)]
    public void WrongImageSize(int rows, int cols)
    {
        IdxFiles.Write(_dir, IdxFiles.TestImages, IdxFiles.Images(10, rows, cols), gzip: true);
        Fails(IdxFiles.TestImages, $"{rows}x{cols}", "28x28");
    }

    [Test]
    public void LabelOutOfRange()
    {
        var labels = IdxFiles.Labels(10);
        labels[8 + 3] = 10;
        IdxFiles.Write(_dir, IdxFiles.TestLabels, labels, gzip: false);
        Fails(IdxFiles.TestLabels, "label 3 is 10");
    }

    [Test]
    public void ImplausibleHeaderCount()
    {
        IdxFiles.Write(_dir, IdxFiles.TrainImages, IdxFiles.Images(1, headerCount: -1), gzip: true);
        Fails(IdxFiles.TrainImages, "4294967295");
    }

    [Test]
    public void ValidationSizeOutOfRange()
    {
        var e = Assert.Throws<ValueError>(() => Read(validation: 21))!;
        Assert.That(e.Message, Does.StartWith("Validation size should be between 0 and 20. Received: 21."));
    }

    [Test]
    public void RawAndGzipFilesMixInOneFolder()
    {
        // A raw file is used when its .gz is absent; mixing both forms in one folder works.
        IdxFiles.Write(_dir, IdxFiles.TestImages, IdxFiles.Images(10), gzip: false);
        Assert.That(Read().test.num_examples, Is.EqualTo(10));
    }

    [TestCase(true), TestCase(false)]
    public void HugeHeaderCountFailsBeforeAllocating(bool gzip)
    {
        // 2 million images of 28x28 would be 6 GB of floats: refused from the file's size, not by running out of memory.
        IdxFiles.Write(_dir, IdxFiles.TrainImages, IdxFiles.Images(20, headerCount: 2_000_000), gzip);
        Fails(IdxFiles.TrainImages, "truncated", "2000000 images", "the file is only");
    }
}
