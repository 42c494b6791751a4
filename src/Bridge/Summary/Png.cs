using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Bridge.Summary;

/// <summary>
/// A small PNG encoder (and a decoder for checking it), enough for TF's image summaries: 8-bit grey, grey+alpha, RGB
/// or RGBA, not interlaced, every row with filter 0 (none), the pixels zlib-deflated in one IDAT chunk
/// (https://www.w3.org/TR/png/). TF's png::WriteImageToBuffer (libpng, zlib's default level) picks row filters by
/// heuristics, so its bytes differ; the decoded pixels are the same.
/// </summary>
internal static class Png
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>PNG's colour type for 1, 2, 3 or 4 channels of 8 bits: grey, grey+alpha, RGB, RGBA.</summary>
    private static byte ColorType(int channels) => channels switch
    {
        1 => 0,
        2 => 4,
        3 => 2,
        4 => 6,
        _ => throw new ArgumentOutOfRangeException(nameof(channels), channels, "PNG takes 1 to 4 channels"),
    };

    private static int Channels(byte colorType) => colorType switch
    {
        0 => 1,
        4 => 2,
        2 => 3,
        6 => 4,
        _ => throw new FormatException($"PNG colour type {colorType} is not 8-bit grey, grey+alpha, RGB or RGBA"),
    };

    /// <summary>Encodes <paramref name="pixels"/> (row-major, <paramref name="channels"/> bytes per pixel) as a PNG file.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, int channels)
    {
        byte colorType = ColorType(channels);
        long rowBytes = (long)width * channels;
        if (width < 1 || height < 1 || pixels.Length != rowBytes * height)
            throw new ArgumentException($"PNG: {pixels.Length} bytes are not a {width}x{height} image of {channels} channels");

        var png = new MemoryStream();
        png.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;          // bit depth
        header[9] = colorType;
        header[10] = 0;         // compression: deflate
        header[11] = 0;         // filter method 0 (adaptive, five row filters)
        header[12] = 0;         // not interlaced
        Chunk(png, "IHDR", header);

        var deflated = new MemoryStream();
        using (var z = new ZLibStream(deflated, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < height; y++)
            {
                z.WriteByte(0); // filter type 0: the row as it is
                z.Write(pixels.Slice((int)(y * rowBytes), (int)rowBytes));
            }
        }
        Chunk(png, "IDAT", deflated.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        s.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(data);
        // The CRC covers the chunk type and data, not the length.
        uint crc = Crc32.Update(Crc32.Update(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        s.Write(word);
    }

    /// <summary>A decoded image: its size, channels and row-major pixels.</summary>
    public sealed record Image(int Width, int Height, int Channels, byte[] Pixels);

    /// <summary>
    /// Decodes an 8-bit, non-interlaced PNG (any of the five row filters), checking the signature and every chunk's
    /// CRC; for tests and tools.
    /// </summary>
    /// <exception cref="FormatException">The bytes are not such a PNG, or are corrupt.</exception>
    public static Image Decode(ReadOnlySpan<byte> png)
    {
        if (png.Length < Signature.Length || !png[..Signature.Length].SequenceEqual(Signature))
            throw new FormatException("not a PNG file (bad signature)");
        int pos = Signature.Length, width = 0, height = 0, channels = 0;
        var idat = new MemoryStream();
        bool end = false;
        while (!end)
        {
            if (pos + 12 > png.Length) throw new FormatException("PNG truncated");
            int length = BinaryPrimitives.ReadInt32BigEndian(png[pos..]);
            if (length < 0 || pos + 12L + length > png.Length) throw new FormatException("PNG chunk runs past the end");
            var typeAndData = png.Slice(pos + 4, 4 + length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png[(pos + 8 + length)..]);
            if ((Crc32.Update(0xFFFFFFFFu, typeAndData) ^ 0xFFFFFFFFu) != crc) throw new FormatException("PNG chunk CRC mismatch");
            string type = Encoding.ASCII.GetString(typeAndData[..4]);
            var data = typeAndData[4..];
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    if (data[8] != 8 || data[12] != 0) throw new FormatException("only 8-bit non-interlaced PNGs are read");
                    channels = Channels(data[9]);
                    break;
                case "IDAT": idat.Write(data); break;
                case "IEND": end = true; break;
            }
            pos += 12 + length;
        }
        if (channels == 0) throw new FormatException("PNG has no IHDR chunk");

        idat.Position = 0;
        var raw = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(raw);
        var bytes = raw.ToArray();
        int rowBytes = width * channels;
        if (bytes.Length != (long)(rowBytes + 1) * height) throw new FormatException("PNG pixel data has the wrong size");
        var pixels = new byte[(long)rowBytes * height];
        for (int y = 0; y < height; y++)
        {
            byte filter = bytes[y * (rowBytes + 1)];
            for (int x = 0; x < rowBytes; x++)
            {
                int a = x >= channels ? pixels[y * rowBytes + x - channels] : 0;
                int b = y > 0 ? pixels[(y - 1) * rowBytes + x] : 0;
                int c = x >= channels && y > 0 ? pixels[(y - 1) * rowBytes + x - channels] : 0;
                int v = bytes[y * (rowBytes + 1) + 1 + x];
                v += filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new FormatException($"PNG row filter {filter} is unknown"),
                };
                pixels[y * rowBytes + x] = (byte)v;
            }
        }
        return new Image(width, height, channels, pixels);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /// <summary>CRC-32 as PNG and zlib use it (ISO 3309, reflected polynomial 0xEDB88320).</summary>
    internal static class Crc32
    {
        private static readonly uint[] Table = Build();

        private static uint[] Build()
        {
            var t = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                t[n] = c;
            }
            return t;
        }

        /// <summary>Runs the register over <paramref name="data"/> (start with 0xFFFFFFFF; xor the end with it).</summary>
        public static uint Update(uint crc, ReadOnlySpan<byte> data)
        {
            foreach (byte b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            return crc;
        }

        /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
        public static uint Of(ReadOnlySpan<byte> data) => Update(0xFFFFFFFFu, data) ^ 0xFFFFFFFFu;
    }
}
