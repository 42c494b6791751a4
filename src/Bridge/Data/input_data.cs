namespace Bridge;

// Lower-case on purpose: the labs write `input_data.read_data_sets(...)`, TF 1.x's module
// tensorflow.examples.tutorials.mnist.input_data, and Bridge keeps TF's names so the C# reads as the original.

/// <summary>TF 1.x's <c>tensorflow.examples.tutorials.mnist.input_data</c>: loads (and if needed downloads) MNIST.</summary>
public static class input_data
{
    /// <summary>TF's default mirror of the MNIST files (the CVDF copy of yann.lecun.com/exdb/mnist).</summary>
    public const string DefaultSourceUrl = "https://storage.googleapis.com/cvdf-datasets/mnist/";

    private const int ImageSide = 28, NumClasses = 10;

    /// <summary>
    /// Reads MNIST from <paramref name="train_dir"/> as TF 1.x did: the first <paramref name="validation_size"/>
    /// examples of the training file become <c>validation</c>, the rest <c>train</c> (55000), and the test file
    /// <c>test</c> (10000). Each file is read as <c>name.gz</c> or, if that is absent, decompressed as <c>name</c>
    /// without .gz; a file that is neither is downloaded from <paramref name="source_url"/> and checked against the
    /// original's SHA-256.
    /// </summary>
    /// <param name="train_dir">The folder holding (or to receive) the four files, e.g. <c>"MNIST_data/"</c>.</param>
    /// <param name="one_hot">Labels as one-hot float32 rows [n, 10]; otherwise uint8 class ids [n].</param>
    /// <param name="dtype"><c>TF_FLOAT</c>: pixels as float32 in [0, 1]; <c>TF_UINT8</c>: the raw 0..255 bytes.</param>
    /// <param name="reshape">Images as rows of 784 pixels [n, 784]; otherwise [n, 28, 28, 1].</param>
    /// <param name="validation_size">How many of the 60000 training examples to hold out for validation.</param>
    /// <param name="seed">
    /// Seeds the shuffling of <see cref="DataSet.next_batch"/>, as TF did through numpy's generator. When null, the
    /// graph seed of <c>tf.set_random_seed</c> is used (TF 1.x's rule, so the labs' batches are the original's),
    /// and without one the batches are unseeded, different on every run.
    /// </param>
    /// <param name="source_url">Where missing files are downloaded from; the file name is appended.</param>
    /// <param name="log">Where progress lines ("Extracting ...", downloads) go; Console.Error when null, so stdout stays the program's.</param>
    public static Datasets read_data_sets(string train_dir, bool one_hot = false, TF_DataType dtype = TF_DataType.TF_FLOAT,
        bool reshape = true, int validation_size = 5000, int? seed = null, string source_url = DefaultSourceUrl, TextWriter? log = null)
    {
        if (dtype is not (TF_DataType.TF_FLOAT or TF_DataType.TF_UINT8))
            throw new TypeError($"read_data_sets: invalid image dtype {dtype.as_numpy_name()}, expected uint8 or float32. - help: pass TF_DataType.TF_FLOAT or TF_DataType.TF_UINT8.");
        log ??= Console.Error;
        if (string.IsNullOrEmpty(source_url)) source_url = DefaultSourceUrl;
        var random = CreateRandom(seed);

        var files = MnistDownloader.Files.Select(f => Locate(train_dir, f.Name, source_url, log)).ToArray();
        var trainImages = ReadImages(files[0], log);
        var trainLabels = ReadLabels(files[1], trainImages.Count, files[0], log);
        var testImages = ReadImages(files[2], log);
        var testLabels = ReadLabels(files[3], testImages.Count, files[2], log);

        if (validation_size < 0 || validation_size > trainImages.Count)
            throw new ValueError($"Validation size should be between 0 and {trainImages.Count}. Received: {validation_size}. - help: the training file holds {trainImages.Count} examples.");

        DataSet Make(byte[] pixels, byte[] labels, int start, int count)
        {
            long[] dims = reshape ? [count, ImageSide * ImageSide] : [count, ImageSide, ImageSide, 1];
            return new DataSet(Pixels(pixels, start, count, dtype), dims, Labels(labels, start, count, one_hot), one_hot ? NumClasses : 1, random);
        }

        return new Datasets(
            train: Make(trainImages.Pixels, trainLabels, validation_size, trainImages.Count - validation_size),
            validation: Make(trainImages.Pixels, trainLabels, 0, validation_size),
            test: Make(testImages.Pixels, testLabels, 0, testImages.Count));
    }

    /// <summary>
    /// TF 1.x seeded numpy's global generator with the op seed if given, else the graph seed (else from the OS);
    /// the three splits then shuffled from that one stream, as they do here from one shared generator.
    /// </summary>
    private static NumPyRandomState CreateRandom(int? seed)
    {
        var graphSeed = Graph.Default.Seed;
        long? value = seed is { } s ? (s == 0 && graphSeed == 0 ? int.MaxValue : s) : graphSeed; // TF maps seeds (0, 0) to (0, 2^31-1)
        if (value is null) return NumPyRandomState.FromEntropy();
        if (value < 0)
            throw new ValueError($"read_data_sets: seed {value} is negative; numpy's seed must be between 0 and 2**32 - 1. - help: pass a non-negative seed.");
        return new NumPyRandomState((uint)value.Value);
    }

    /// <summary>The path of a file: gzipped if present, else decompressed, else downloaded.</summary>
    private static string Locate(string dir, string gzName, string sourceUrl, TextWriter log)
    {
        var gz = Path.Combine(dir, gzName);
        if (File.Exists(gz)) return gz;
        var raw = Path.Combine(dir, gzName[..^3]);
        if (File.Exists(raw)) return raw;
        return MnistDownloader.Download(dir, gzName, sourceUrl, log);
    }

    private static (byte[] Pixels, int Count) ReadImages(string path, TextWriter log)
    {
        log.WriteLine($"Extracting {path}");
        var (pixels, count, rows, cols) = IdxReader.ReadImages(path);
        if (rows != ImageSide || cols != ImageSide)
            throw new DataLossError($"MNIST image file {path} holds {rows}x{cols} images, not MNIST's {ImageSide}x{ImageSide}. - help: use the original MNIST files (delete this one to download them).");
        return (pixels, count);
    }

    private static byte[] ReadLabels(string path, int imageCount, string imagePath, TextWriter log)
    {
        log.WriteLine($"Extracting {path}");
        var labels = IdxReader.ReadLabels(path, NumClasses);
        if (labels.Length != imageCount)
            throw new DataLossError($"MNIST label file {path} holds {labels.Length} labels but {imagePath} holds {imageCount} images. - help: the two files must be from the same MNIST split; replace the wrong one with the original.");
        return labels;
    }

    /// <summary>
    /// Rows [start, start+count) as float32 in [0, 1], rounded as TF: numpy multiplied the float32 pixels by
    /// the Python float 1.0/255.0 cast to float32 (value-based casting), so each value is
    /// float32(p) * float32(1/255) in float32, not p / 255f. A table of the 256 products makes it exact and fast.
    /// </summary>
    private static Array Pixels(byte[] pixels, int start, int count, TF_DataType dtype)
    {
        var length = count * ImageSide * ImageSide;
        var from = start * ImageSide * ImageSide;
        if (dtype == TF_DataType.TF_UINT8) return pixels.AsSpan(from, length).ToArray();
        var result = new float[length];
        var table = ScaleTable;
        var source = pixels.AsSpan(from, length);
        for (var i = 0; i < result.Length; i++) result[i] = table[source[i]];
        return result;
    }

    internal static readonly float[] ScaleTable = BuildScaleTable();

    private static float[] BuildScaleTable()
    {
        var scale = (float)(1.0 / 255.0);
        var table = new float[256];
        for (var p = 0; p < 256; p++) table[p] = (float)p * scale;
        return table;
    }

    /// <summary>Rows [start, start+count) of the labels: one-hot float32 [count, 10], or the uint8 ids.</summary>
    private static Array Labels(byte[] labels, int start, int count, bool oneHot)
    {
        if (!oneHot) return labels.AsSpan(start, count).ToArray();
        var result = new float[count * NumClasses];
        for (var i = 0; i < count; i++) result[i * NumClasses + labels[start + i]] = 1f;
        return result;
    }
}
