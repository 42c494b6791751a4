using System.Buffers.Binary;

namespace Bridge.Summary;

/// <summary>
/// Reads TFRecord files (see <see cref="TFRecordWriter"/> for the framing), verifying both CRCs of
/// every record. Corruption or truncation raises <see cref="DataLossError"/> naming the file and offset.
/// </summary>
internal static class TFRecordReader
{
    /// <summary>The records of the file at <paramref name="path"/>, in order.</summary>
    public static List<byte[]> ReadAll(string path)
    {
        // Share writing: the file may still be open in an EventFileWriter (TensorBoard reads live runs too).
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return ReadAll(copy.GetBuffer().AsSpan(0, (int)copy.Length), path);
    }

    /// <summary>The records in <paramref name="file"/>; <paramref name="name"/> is used in error messages.</summary>
    public static List<byte[]> ReadAll(ReadOnlySpan<byte> file, string name = "<memory>")
    {
        var records = new List<byte[]>();
        long offset = 0;
        while (offset < file.Length)
        {
            var rest = file[(int)offset..];
            if (rest.Length < 12)
                throw Loss(name, offset, $"truncated record header ({rest.Length} of 12 bytes)");
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(rest);
            uint lengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(rest[8..]);
            uint expectedLengthCrc = Crc32C.Masked(rest[..8]);
            // Check the length's own CRC before trusting the length, so a flipped bit there is reported as such.
            if (lengthCrc != expectedLengthCrc)
                throw Loss(name, offset, $"corrupted record length: masked CRC-32C 0x{lengthCrc:x8} stored, 0x{expectedLengthCrc:x8} computed");
            // Data plus its 4-byte CRC must fit in what is left after the 12-byte header.
            if (length > (ulong)Math.Max(0, rest.Length - 16))
                throw Loss(name, offset, $"truncated record: {length} data bytes + 4 CRC bytes announced, only {rest.Length - 12} bytes left");
            var data = rest.Slice(12, (int)length);
            uint dataCrc = BinaryPrimitives.ReadUInt32LittleEndian(rest[(12 + (int)length)..]);
            uint expectedDataCrc = Crc32C.Masked(data);
            if (dataCrc != expectedDataCrc)
                throw Loss(name, offset, $"corrupted record data ({length} bytes): masked CRC-32C 0x{dataCrc:x8} stored, 0x{expectedDataCrc:x8} computed");
            records.Add(data.ToArray());
            offset += 16 + (long)length;
        }
        return records;
    }

    /// <summary>The decoded events of an events file.</summary>
    public static List<EventRecord> ReadEvents(string path)
    {
        var events = new List<EventRecord>();
        long index = 0;
        foreach (var record in ReadAll(path))
        {
            try { events.Add(EventProto.Decode(record)); }
            catch (FormatException e)
            {
                throw new DataLossError($"{path}: record {index} is not a valid Event protobuf ({e.Message}) - help: is this an events file?", e);
            }
            index++;
        }
        return events;
    }

    private static DataLossError Loss(string name, long offset, string what) =>
        new($"{name}: {what} at byte offset {offset} - help: the file is damaged or was cut short while being written; " +
            "records before this offset are intact");
}
