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

    /// <summary>
    /// Opens an IDX3 image file and reads its header; the pixels (count x rows x cols uint8, row-major) are then read
    /// in pieces with <see cref="ImageFile.Read"/>, so a caller can convert them without holding all the bytes at once.
    /// </summary>
    public static ImageFile OpenImages(string path)
    {
        var stream = Open(path);
        try
        {
            var header = ReadHeader(stream, path, 16, "images");
            CheckMagic(header, path, ImagesMagic, "image");
            var count = ReadCount(header, 4, path, "image count");
            var rows = ReadCount(header, 8, path, "row count");
            var cols = ReadCount(header, 12, path, "column count");
            var bytes = (long)count * rows * cols;
            if (bytes > Array.MaxLength)
                throw new DataLossError($"MNIST image file {path}: header says {count} images of {rows}x{cols} pixels, too many to be MNIST." + Help);
            // Catch an absurd header before allocating for it: a raw file must hold the bytes, and deflate
            // expands at most about 1032 to 1.
            var fileLength = new FileInfo(path).Length;
            var gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
            if (bytes > (gzip ? fileLength * 1032 : fileLength - 16))
                throw new DataLossError($"MNIST image file {path} is truncated: its header says {count} images of {rows}x{cols} pixels ({bytes} bytes of data) but the file is only {fileLength} bytes{(gzip ? " compressed" : "")}." + Help);
            return new ImageFile(stream, path, count, rows, cols);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>An open IDX3 image file positioned after its header.</summary>
    public sealed class ImageFile(Stream stream, string path, int count, int rows, int cols) : IDisposable
    {
        private long _read;

        public int Count { get; } = count;
        public int Rows { get; } = rows;
        public int Cols { get; } = cols;

        /// <summary>Fills <paramref name="dest"/> with the next pixels; a file that ends first is reported as truncated.</summary>
        public void Read(Span<byte> dest)
        {
            var n = ReadFully(stream, dest, path);
            _read += n;
            if (n < dest.Length)
                throw new DataLossError($"MNIST image file {path} is truncated: its header says {Count} images of {Rows}x{Cols} pixels ({(long)Count * Rows * Cols} bytes of data) but it holds only {_read} bytes." + Help);
        }

        public void Dispose() => stream.Dispose();
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
        var bad = labels.AsSpan().IndexOfAnyInRange((byte)numClasses, byte.MaxValue);
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
    private static int ReadFully(Stream stream, Span<byte> buffer, string path)
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
