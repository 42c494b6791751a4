using System.Buffers.Binary;
using System.IO.Compression;

namespace Bridge.Tests.Data;

/// <summary>Writes small hand-made MNIST folders (IDX files, gzipped or raw) for the error cases.</summary>
internal static class IdxFiles
{
    public const string TrainImages = "train-images-idx3-ubyte", TrainLabels = "train-labels-idx1-ubyte",
        TestImages = "t10k-images-idx3-ubyte", TestLabels = "t10k-labels-idx1-ubyte";

    /// <summary>An IDX3 image file: header (magic, count, rows, cols) then pixel i*rows*cols + k = (i + k) % 256.</summary>
    public static byte[] Images(int count, int rows = 28, int cols = 28, int magic = 2051, int? headerCount = null)
    {
        var data = new byte[16 + count * rows * cols];
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(0), magic);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), headerCount ?? count);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(12), cols);
        for (var i = 0; i < count * rows * cols; i++) data[16 + i] = (byte)(i / (rows * cols) + i % (rows * cols));
        return data;
    }

    /// <summary>An IDX1 label file: header (magic, count) then label i = i % 10.</summary>
    public static byte[] Labels(int count, int magic = 2049, int? headerCount = null)
    {
        var data = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(0), magic);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), headerCount ?? count);
        for (var i = 0; i < count; i++) data[8 + i] = (byte)(i % 10);
        return data;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest)) gz.Write(data);
        return ms.ToArray();
    }

    /// <summary>A fresh temporary folder holding a valid small MNIST (train 20, test 10), gzipped or raw.</summary>
    public static string Folder(bool gzip = true, int train = 20, int test = 10)
    {
        var dir = Path.Combine(Path.GetTempPath(), "bridge-mnist-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        Write(dir, TrainImages, Images(train), gzip);
        Write(dir, TrainLabels, Labels(train), gzip);
        Write(dir, TestImages, Images(test), gzip);
        Write(dir, TestLabels, Labels(test), gzip);
        return dir;
    }

    /// <summary>Writes name(.gz) with the data, gzipped or not, replacing either form.</summary>
    public static string Write(string dir, string name, byte[] data, bool gzip)
    {
        File.Delete(Path.Combine(dir, name));
        File.Delete(Path.Combine(dir, name + ".gz"));
        var path = Path.Combine(dir, gzip ? name + ".gz" : name);
        File.WriteAllBytes(path, gzip ? Gzip(data) : data);
        return path;
    }
}
