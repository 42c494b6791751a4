using System.Buffers.Binary;
using System.IO.Compression;

namespace Bridge;

/// <summary>
/// Reads MNIST's IDX files (big-endian header, then raw uint8 data), gzipped or not. Every way a file can be wrong
/// (gzip error, bad magic number, a header that promises more bytes than the file holds, out-of-range labels)
/// becomes a <see cref="DataLossError"/> naming the file, so a damaged download never turns into garbage batches.
/// </summary>
internal static class IdxReader
{
    /// <summary>Magic number of an IDX file of uint8 with 3 dimensions (images).</summary>
    public const int ImagesMagic = 2051;

    /// <summary>Magic number of an IDX file of uint8 with 1 dimension (labels).</summary>
    public const int LabelsMagic = 2049;

    private const string Help = " - help: delete the file so it is downloaded again, or copy the original MNIST file there.";

    /// <summary>The images of an IDX3 file: count x rows x cols uint8 pixels, row-major.</summary>
    public static (byte[] Pixels, int Count, int Rows, int Cols) ReadImages(string path)
    {
        using var stream = Open(path);
        var header = ReadHeader(stream, path, 16, "images");
        CheckMagic(header, path, ImagesMagic, "image");
        var count = ReadCount(header, 4, path, "image count");
        var rows = ReadCount(header, 8, path, "row count");
        var cols = ReadCount(header, 12, path, "column count");
        var bytes = (long)count * rows * cols;
        if (bytes > Array.MaxLength)
            throw new DataLossError($"MNIST image file {path}: header says {count} images of {rows}x{cols} pixels, {bytes} bytes, too large to be MNIST." + Help);
        var pixels = new byte[bytes];
        var read = ReadFully(stream, pixels, path);
        if (read < bytes)
            throw new DataLossError($"MNIST image file {path} is truncated: its header says {count} images of {rows}x{cols} pixels ({bytes} bytes of data) but it holds only {read} bytes." + Help);
        return (pixels, count, rows, cols);
    }

    /// <summary>The labels of an IDX1 file, checked to be class ids below <paramref name="numClasses"/>.</summary>
    public static byte[] ReadLabels(string path, int numClasses = 10)
    {
        using var stream = Open(path);
        var header = ReadHeader(stream, path, 8, "labels");
        CheckMagic(header, path, LabelsMagic, "label");
        var count = ReadCount(header, 4, path, "label count");
        var labels = new byte[count];
        var read = ReadFully(stream, labels, path);
        if (read < count)
            throw new DataLossError($"MNIST label file {path} is truncated: its header says {count} labels but it holds only {read}." + Help);
        // A label >= numClasses would one-hot outside the row (numpy wrote into the next row): refuse it.
        var bad = Array.FindIndex(labels, l => l >= numClasses);
        if (bad >= 0)
            throw new DataLossError($"MNIST label file {path}: label {bad} is {labels[bad]}, not a class id 0..{numClasses - 1}." + Help);
        return labels;
    }

    /// <summary>A decompressing stream for a .gz name, the file itself otherwise.</summary>
    private static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) return file;
        // Check gzip's own magic first: GZipStream's message for a non-gzip file does not say that.
        Span<byte> magic = stackalloc byte[2];
        var n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        if (n < 2 || magic[0] != 0x1f || magic[1] != 0x8b)
        {
            file.Dispose();
            throw new DataLossError($"MNIST file {path} is not a gzip file ({(n < 2 ? "it is empty" : $"it starts with 0x{magic[0]:x2} 0x{magic[1]:x2}, not 0x1f 0x8b")})." + Help);
        }
        file.Position = 0;
        return new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16);
    }

    private static byte[] ReadHeader(Stream stream, string path, int length, string what)
    {
        var header = new byte[length];
        var read = ReadFully(stream, header, path);
        if (read < length)
            throw new DataLossError($"MNIST {what} file {path} is truncated: {read} bytes, shorter than the {length}-byte IDX header." + Help);
        return header;
    }

    private static void CheckMagic(byte[] header, string path, int expected, string what)
    {
        var magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic == expected) return;
        var other = magic switch
        {
            ImagesMagic => " (that of an image file: are the file names swapped?)",
            LabelsMagic => " (that of a label file: are the file names swapped?)",
            _ => "",
        };
        throw new DataLossError($"Invalid magic number {magic} in MNIST {what} file {path}: expected {expected}{other}." + Help);
    }

    private static int ReadCount(byte[] header, int offset, string path, string what)
    {
        var value = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(offset));
        if (value > int.MaxValue)
            throw new DataLossError($"MNIST file {path}: the {what} in its header, {value}, is not a plausible size." + Help);
        return (int)value;
    }

    /// <summary>Reads until the buffer is full or the data ends; gzip and I/O errors name the file.</summary>
    private static long ReadFully(Stream stream, byte[] buffer, string path)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new DataLossError($"MNIST file {path} is corrupt: gzip error ({e.Message})." + Help, e);
        }
        catch (IOException e)
        {
            throw new DataLossError($"MNIST file {path} could not be read: {e.Message}" + Help, e);
        }
    }
}
