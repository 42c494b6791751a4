using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
    /// <param name="log">
    /// Where the progress lines ("Extracting ...", downloads) go; when null, where <c>print</c> writes (stdout), as
    /// TF 1.0's mnist.py <c>print()</c>s its "Extracting" and "Successfully downloaded" lines.
    /// </param>
    public static Datasets read_data_sets(string train_dir, bool one_hot = false, TF_DataType dtype = TF_DataType.TF_FLOAT,
        bool reshape = true, int validation_size = 5000, int? seed = null, string source_url = DefaultSourceUrl, TextWriter? log = null)
    {
        if (dtype is not (TF_DataType.TF_FLOAT or TF_DataType.TF_UINT8))
            throw new TypeError($"read_data_sets: invalid image dtype {dtype.as_numpy_name()}, expected uint8 or float32. - help: pass TF_DataType.TF_FLOAT or TF_DataType.TF_UINT8.");
        log ??= Binding.tf_output_redirect;
        if (string.IsNullOrEmpty(source_url)) source_url = DefaultSourceUrl;
        var random = CreateRandom(seed);

        // TF's order of lines: each file is fetched if missing, then announced ("Extracting ..."), as TF printed them.
        var files = MnistDownloader.Files.Select(f =>
        {
            var path = Locate(train_dir, f.Name, source_url, log);
            log.WriteLine($"Extracting {path}");
            return path;
        }).ToArray();
        // Decompressing is most of the load time: the two image files inflate in parallel. The training file's
        // first validation_size images become validation, the rest train, as TF's slicing did.
        var trainImagesTask = Task.Run(() => ReadImages(files[0], count =>
        {
            if (validation_size < 0 || validation_size > count)
                throw new ValueError($"Validation size should be between 0 and {count}. Received: {validation_size}. - help: the training file holds {count} examples.");
            return [validation_size, count - validation_size];
        }));
        var testImages = ReadImages(files[2], count => [count]);
        var trainImages = Wait(trainImagesTask);
        var trainCount = trainImages.Sum(a => a.Length) / (ImageSide * ImageSide);
        var trainLabels = ReadLabels(files[1], trainCount, files[0]);
        var testLabels = ReadLabels(files[3], testImages[0].Length / (ImageSide * ImageSide), files[2]);

        DataSet Make(Array pixels, byte[] labels, int start)
        {
            var count = pixels.Length / (ImageSide * ImageSide);
            long[] dims = reshape ? [count, ImageSide * ImageSide] : [count, ImageSide, ImageSide, 1];
            return new DataSet(pixels, dims, Labels(labels, start, count, one_hot), one_hot ? NumClasses : 1, random,
                floatPixels: dtype == TF_DataType.TF_FLOAT);
        }

        return new Datasets(
            train: Make(trainImages[1], trainLabels, validation_size),
            validation: Make(trainImages[0], trainLabels, 0),
            test: Make(testImages[0], testLabels, 0));
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

    /// <summary>The task's result, or its own exception (not an AggregateException), so errors read the same.</summary>
    private static T Wait<T>(Task<T> task)
    {
        try { return task.GetAwaiter().GetResult(); }
        catch (AggregateException e) when (e.InnerException is not null) { throw e.InnerException; }
    }

    /// <summary>
    /// The images of a file as consecutive splits (sizes from <paramref name="splits"/>, given the file's count), as
    /// their uint8 pixels whatever the dtype: a float32 DataSet scales each row as it hands it out (<see cref="Scale"/>),
    /// so the training set holds 43 MB rather than 172 MB and a shuffled batch reads a quarter of the memory.
    /// </summary>
    private static byte[][] ReadImages(string path, Func<int, int[]> splits)
    {
        using var file = IdxReader.OpenImages(path);
        if (file.Rows != ImageSide || file.Cols != ImageSide)
            throw new DataLossError($"MNIST image file {path} holds {file.Rows}x{file.Cols} images, not MNIST's {ImageSide}x{ImageSide}. - help: use the original MNIST files (delete this one to download them).");
        var sizes = splits(file.Count);
        var result = new byte[sizes.Length][];
        for (var s = 0; s < sizes.Length; s++)
        {
            result[s] = GC.AllocateUninitializedArray<byte>(sizes[s] * ImageSide * ImageSide); // every element is read into
            file.Read(result[s]);
        }
        return result;
    }

    private static byte[] ReadLabels(string path, int imageCount, string imagePath)
    {
        var labels = IdxReader.ReadLabels(path, NumClasses);
        if (labels.Length != imageCount)
            throw new DataLossError($"MNIST label file {path} holds {labels.Length} labels but {imagePath} holds {imageCount} images. - help: the two files must be from the same MNIST split; replace the wrong one with the original.");
        return labels;
    }

    /// <summary>
    /// Pixels as float32 in [0, 1], rounded as TF: numpy multiplied the float32 pixels by the Python float
    /// 1.0/255.0 cast to float32 (value-based casting), so each value is float32(p) * float32(1/255) in float32,
    /// not p / 255f.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs for every batch: tier-0 code would be several times slower
    internal static void Scale(ReadOnlySpan<byte> source, Span<float> dest)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // The same float32 multiply as the table, 32 pixels at a time: widen bytes to ints, convert, scale.
            var scale = Vector256.Create(ScaleFactor);
            for (; i + 32 <= source.Length; i += 32)
            {
                var (lo16, hi16) = Vector256.Widen(Vector256.Create<byte>(source.Slice(i, 32)));
                var (a, b) = Vector256.Widen(lo16);
                var (c, d) = Vector256.Widen(hi16);
                var to = dest.Slice(i, 32);
                (Vector256.ConvertToSingle(a.AsInt32()) * scale).CopyTo(to);
                (Vector256.ConvertToSingle(b.AsInt32()) * scale).CopyTo(to[8..]);
                (Vector256.ConvertToSingle(c.AsInt32()) * scale).CopyTo(to[16..]);
                (Vector256.ConvertToSingle(d.AsInt32()) * scale).CopyTo(to[24..]);
            }
        }
        var table = ScaleTable;
        for (; i < source.Length; i++) dest[i] = table[source[i]];
    }

    /// <summary>numpy's scalar: the Python float 1.0/255.0 cast to float32.</summary>
    private const float ScaleFactor = (float)(1.0 / 255.0);

    internal static readonly float[] ScaleTable = BuildScaleTable();

    private static float[] BuildScaleTable()
    {
        var table = new float[256];
        for (var p = 0; p < 256; p++) table[p] = (float)p * ScaleFactor;
        return table;
    }

    /// <summary>Rows [start, start+count) of the labels: one-hot float32 [count, 10], or the uint8 ids.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Array Labels(byte[] labels, int start, int count, bool oneHot)
    {
        if (!oneHot) return labels.AsSpan(start, count).ToArray();
        var result = new float[count * NumClasses];
        for (var i = 0; i < count; i++) result[i * NumClasses + labels[start + i]] = 1f;
        return result;
    }
}
