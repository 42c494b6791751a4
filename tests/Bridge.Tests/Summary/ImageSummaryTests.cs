using System.Text;
using Bridge.Summary;
using static Bridge.Binding;

namespace Bridge.Tests.Summary;

/// <summary>
/// tf.summary.image: TF 1.x's ImageSummary (core/kernels/summary_image_op.cc) with the cases of its kernel tests
/// (summary_image_op_test.cc, python/kernel_tests/summary_image_op_test.py): tags, image fields, the float scaling,
/// non-finite pixels in bad_color, uint8 kept exactly, and the PNGs decode (CRCs checked, pixels inflated).
/// </summary>
public class ImageSummaryTests : GraphFixture
{
    private static List<SummaryValue> Run(Tensor summary)
    {
        using var sess = tf.Session();
        var value = sess.run(summary);
        Assert.That(value.dtype, Is.EqualTo(TF_DataType.TF_STRING));
        return SummaryProto.Decode(value.Data<byte[]>()[0]);
    }

    private static Tensor Images(float[] values, params int[] shape) => tf.constant(np.array(values).reshape(shape));

    [Test]
    public void ThreeGrayImagesOutOfFive()
    {
        var values = Run(tf.summary.image("tag", Images(new float[10], 5, 2, 1, 1)));
        Assert.That(values.Select(v => v.Tag), Is.EqualTo(new[] { "tag/image/0", "tag/image/1", "tag/image/2" }));
        foreach (var v in values)
        {
            Assert.That(v.Kind, Is.EqualTo("image"));
            Assert.That((v.Image!.Height, v.Image.Width, v.Image.Colorspace), Is.EqualTo((2, 1, 1)));
            var png = Png.Decode(v.Image.EncodedImage);
            Assert.That((png.Width, png.Height, png.Channels), Is.EqualTo((1, 2, 1)));
            Assert.That(png.Pixels, Is.EqualTo(new byte[] { 0, 0 }), "all zero: scale 0");
        }
    }

    [Test]
    public void MaxOutputsOneTagsTheImageWithoutAnIndex()
    {
        var values = Run(tf.summary.image("tag", Images(new float[10], 5, 2, 1, 1), max_outputs: 1));
        Assert.That(values.Select(v => v.Tag), Is.EqualTo(new[] { "tag/image" }));
        // Fewer images than max_outputs: one value per image, tags still indexed (they follow max_outputs).
        values = Run(tf.summary.image("two", Images(new float[4], 2, 2, 1, 1), max_outputs: 5));
        Assert.That(values.Select(v => v.Tag), Is.EqualTo(new[] { "two/image/0", "two/image/1" }));
    }

    [Test]
    public void OneColorImageScalesNonNegativeValuesBy255OverTheMax()
    {
        var rgb = new[]
        {
            1.0f, 0.1f, 0.2f, 1.0f, 0.3f, 0.4f,
            0.0f, 1.0f, 0.0f, 0.0f, 1.0f, 0.0f,
            0.0f, 0.0f, 1.0f, 0.0f, 0.0f, 1.0f,
            1.0f, 1.0f, 0.0f, 1.0f, 0.0f, 1.0f,
            1.0f, 1.0f, 0.0f, 1.0f, 0.0f, 1.0f,
        };
        var v = Run(tf.summary.image("tag", Images(rgb, 1, 5, 2, 3), max_outputs: 1)).Single();
        Assert.That(v.Tag, Is.EqualTo("tag/image"));
        Assert.That((v.Image!.Height, v.Image.Width, v.Image.Colorspace), Is.EqualTo((5, 2, 3)));
        var png = Png.Decode(v.Image.EncodedImage);
        Assert.That((png.Width, png.Height, png.Channels), Is.EqualTo((2, 5, 3)));
        // x * 255 in float32, truncated: 0.1f * 255 = 25.5000004 -> 25, 0.3f * 255 = 76.5000011 -> 76, 0.4f * 255 -> 102.
        Assert.That(png.Pixels, Is.EqualTo(new byte[]
        {
            255, 25, 51, 255, 76, 102,
            0, 255, 0, 0, 255, 0,
            0, 0, 255, 0, 0, 255,
            255, 255, 0, 255, 0, 255,
            255, 255, 0, 255, 0, 255,
        }));
    }

    [Test]
    public void NegativeValuesCentreZeroAt128AndScaleByTheLargestMagnitude()
    {
        // max |x| = 2: x * 63.5 + 128 truncated: -2 -> 1, -1 -> 64.5 -> 64, 0 -> 128, 1 -> 191.5 -> 191, 2 -> 255.
        var v = Run(tf.summary.image("neg", Images([-2, -1, 0, 1, 2, 0.5f], 1, 2, 3, 1))).Single();
        Assert.That(v.Tag, Is.EqualTo("neg/image/0"));
        Assert.That(Png.Decode(v.Image!.EncodedImage).Pixels, Is.EqualTo(new byte[] { 1, 64, 128, 191, 255, 159 }));
        // Each image of a batch is scaled by its own range.
        var two = Run(tf.summary.image("batch", Images([0, 1, 0, 4], 2, 1, 2, 1)));
        Assert.That(Png.Decode(two[0].Image!.EncodedImage).Pixels, Is.EqualTo(new byte[] { 0, 255 }));
        Assert.That(Png.Decode(two[1].Image!.EncodedImage).Pixels, Is.EqualTo(new byte[] { 0, 255 }));
    }

    [Test]
    public void NonFinitePixelsTakeBadColorAndDoNotSetTheRange()
    {
        // TF's python kernel test: one NaN channel turns its whole pixel red (bad_color's first `depth` entries).
        foreach (int depth in new[] { 1, 3, 4 })
        {
            var pixels = new float[3 * depth];
            for (int i = 0; i < pixels.Length; i++) pixels[i] = 0.5f;
            pixels[depth] = 2.0f;                       // pixel 1 ...
            pixels[depth + depth / 2] = float.NaN;     // ... has a NaN: 2.0 must not count as the max
            pixels[2 * depth] = 1.0f;                  // pixel 2: the max is 1.0
            var png = Png.Decode(Run(tf.summary.image("nan" + depth, Images(pixels, 1, 1, 3, depth))).Single().Image!.EncodedImage);
            var expected = new byte[3 * depth];
            for (int j = 0; j < depth; j++)
            {
                expected[j] = 127;                                 // 0.5 * 255 = 127.5 -> 127
                expected[depth + j] = new byte[] { 255, 0, 0, 255 }[j];
                expected[2 * depth + j] = j == 0 ? (byte)255 : (byte)127;
            }
            Assert.That(png.Pixels, Is.EqualTo(expected), $"depth {depth}");
        }
        // Infinity too; an image with no finite pixel is all bad_color.
        var allBad = Png.Decode(Run(tf.summary.image("inf", Images([float.PositiveInfinity, float.NegativeInfinity], 1, 1, 2, 1))).Single().Image!.EncodedImage);
        Assert.That(allBad.Pixels, Is.EqualTo(new byte[] { 255, 255 }));
    }

    [Test]
    public void TinyRangesScaleByZero()
    {
        // Below TF's kZeroThreshold (1e-6) the scale is 0: all 0 for non-negative, all 128 with a negative value.
        Assert.That(Png.Decode(Run(tf.summary.image("p", Images([0, 5e-7f], 1, 1, 2, 1))).Single().Image!.EncodedImage).Pixels, Is.EqualTo(new byte[] { 0, 0 }));
        Assert.That(Png.Decode(Run(tf.summary.image("n", Images([-5e-7f, 0], 1, 1, 2, 1))).Single().Image!.EncodedImage).Pixels, Is.EqualTo(new byte[] { 128, 128 }));
    }

    [Test]
    public void Uint8ImagesAreKeptExactly()
    {
        var random = new System.Random(7);
        foreach (int depth in new[] { 1, 3, 4 })
        {
            tf.reset_default_graph(); // TF's test: a new graph for each depth
            var bytes = new byte[4 * 5 * 7 * depth];
            random.NextBytes(bytes);
            var values = Run(tf.summary.image("img", tf.constant(np.array(bytes).reshape(4, 5, 7, depth))));
            Assert.That(values.Select(v => v.Tag), Is.EqualTo(new[] { "img/image/0", "img/image/1", "img/image/2" }));
            for (int i = 0; i < 3; i++)
            {
                Assert.That((values[i].Image!.Height, values[i].Image!.Width, values[i].Image!.Colorspace), Is.EqualTo((5, 7, depth)));
                var png = Png.Decode(values[i].Image!.EncodedImage);
                Assert.That((png.Width, png.Height, png.Channels), Is.EqualTo((7, 5, depth)));
                Assert.That(png.Pixels, Is.EqualTo(bytes.AsSpan(i * 5 * 7 * depth, 5 * 7 * depth).ToArray()));
            }
        }
    }

    [Test]
    public void TagsFollowNameScopesAndTheOpCountsTwoIds()
    {
        var x = tf.placeholder(tf.float32, new[] { -1, 784 });
        var image = tf.reshape(x, new[] { -1, 28, 28, 1 });
        var before = tf.get_default_graph().LastId;
        Tensor s;
        using (tf.name_scope("layer1")) s = tf.summary.image("input", image, 3);
        Assert.That(tf.get_default_graph().LastId - before, Is.EqualTo(2), "a tag Const and ImageSummary, as TF 1.x");
        Assert.That(s.name, Is.EqualTo("layer1/input:0"));
        Assert.That(s.op.type, Is.EqualTo("ImageSummary"));
        Assert.That(s.shape.ndim, Is.EqualTo(0));
        Assert.That(tf.summary.merge_all(), Is.Not.Null, "in the SUMMARIES collection");
        using var sess = tf.Session();
        var batch = np.array(Enumerable.Range(0, 2 * 784).Select(i => (float)(i % 784) / 783).ToArray()).reshape(2, 784);
        var values = SummaryProto.Decode(sess.run(s, (x, batch)).Data<byte[]>()[0]);
        Assert.That(values.Select(v => v.Tag), Is.EqualTo(new[] { "layer1/input/image/0", "layer1/input/image/1" }));
        var png = Png.Decode(values[0].Image!.EncodedImage);
        Assert.That((png.Width, png.Height), Is.EqualTo((28, 28)));
        Assert.That((png.Pixels[0], png.Pixels[783]), Is.EqualTo(((byte)0, (byte)255)));
    }

    [Test]
    public void CollectionsChooseWhereTheSummaryGoes()
    {
        tf.summary.image("elsewhere", Images(new float[4], 1, 2, 2, 1), collections: ["mine"]);
        Assert.That(tf.summary.merge_all(), Is.Null, "not in SUMMARIES");
        Assert.That(tf.get_collection("mine"), Has.Length.EqualTo(1));
    }

    [Test]
    public void BadInputsGetTfsErrors()
    {
        var e = Assert.Throws<ValueError>(() => tf.summary.image("img", Images(new float[4], 1, 2, 2, 1), max_outputs: 0))!;
        Assert.That(e.Message, Does.Contain("tf.summary.image").And.Contain("max_images").And.Contain("less than minimum 1").And.Contain("- help:"));
        var t = Assert.Throws<TypeError>(() => tf.summary.image("img", tf.constant(new[,,,] { { { { 1 } } } })))!;
        Assert.That(t.Message, Does.Contain("tf.summary.image").And.Contain("int32").And.Contain("uint8, float32"));

        // As in TF 1.x (its shape function accepts anything), the kernel rejects the shape when it runs.
        foreach (var (values, shape) in new[] { (new float[12], new[] { 2, 3, 2 }), (new float[8], new[] { 1, 2, 2, 2 }), (new float[10], new[] { 1, 1, 2, 5 }) })
        {
            var s = tf.summary.image("bad", Images(values, shape));
            using var sess = tf.Session();
            var r = Assert.Throws<InvalidArgumentError>(() => sess.run(s))!;
            Assert.That(r.Message, Does.Contain("tf.summary.image").And.Contain("Tensor must be 4-D with last dim 1, 3, or 4, not").And.Contain("- help:"));
            Assert.That(r.Message, Does.Contain(new Shape(shape.Select(d => (long)d).ToArray()).ToString()));
        }
    }

    [Test]
    public void ImagesGoIntoTheEventFileAndReadBack()
    {
        var dir = Path.Combine(Path.GetTempPath(), "bridge-image-" + Guid.NewGuid().ToString("N"));
        try
        {
            var s = tf.summary.image("input", Images([0, 0.5f, 1, 0.25f], 1, 2, 2, 1));
            var merged = tf.summary.merge_all()!;
            using var sess = tf.Session();
            string path;
            using (var writer = tf.summary.FileWriter(dir))
            {
                writer.add_summary(sess.run(merged), global_step: 7);
                path = writer.FilePath;
            }
            var events = TFRecordReader.ReadEvents(path); // checks the records' masked CRC-32Cs
            var v = events[1].SummaryValues.Single();
            Assert.That((events[1].Step, v.Tag, v.Kind), Is.EqualTo((7L, "input/image/0", "image")));
            Assert.That(Png.Decode(v.Image!.EncodedImage).Pixels, Is.EqualTo(new byte[] { 0, 127, 255, 63 }));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void PngChunksCarryIso3309Crc32AndRowFilterZero()
    {
        Assert.That(Png.Crc32.Of(Encoding.ASCII.GetBytes("123456789")), Is.EqualTo(0xCBF43926u), "the CRC-32 check value");
        var png = Png.Encode([1, 2, 3, 4, 5, 6], 1, 2, 3);
        Assert.That(png[..8], Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
        Assert.That(Encoding.ASCII.GetString(png, 12, 4), Is.EqualTo("IHDR"));
        Assert.That(png[16..29], Is.EqualTo(new byte[] { 0, 0, 0, 1, 0, 0, 0, 2, 8, 2, 0, 0, 0 }), "1x2, 8 bits, RGB");
        var decoded = Png.Decode(png);
        Assert.That((decoded.Width, decoded.Height, decoded.Channels), Is.EqualTo((1, 2, 3)));
        Assert.That(decoded.Pixels, Is.EqualTo(new byte[] { 1, 2, 3, 4, 5, 6 }));
        png[^5] ^= 1; // the IEND CRC
        Assert.Throws<FormatException>(() => Png.Decode(png));
    }
}
