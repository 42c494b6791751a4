using System.Buffers.Binary;

namespace Bridge.Summary;

/// <summary>
/// Writes TFRecord framing, the container of events files: for each record
/// <c>uint64 length (little-endian)</c>, <c>uint32 masked_crc32c(length bytes)</c>, <c>data</c>,
/// <c>uint32 masked_crc32c(data)</c>.
/// </summary>
/// <remarks>Not thread-safe by itself; <see cref="EventFileWriter"/> serializes access.</remarks>
internal sealed class TFRecordWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;

    /// <summary>Writes records to <paramref name="stream"/>; disposing the writer disposes the stream if <paramref name="ownsStream"/>.</summary>
    public TFRecordWriter(Stream stream, bool ownsStream = true)
    {
        _stream = stream;
        _ownsStream = ownsStream;
    }

    /// <summary>Appends one record (buffered by the underlying stream until <see cref="Flush"/>).</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32C.Masked(header[..8]));
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, Crc32C.Masked(data));
        _stream.Write(header);
        _stream.Write(data);
        _stream.Write(footer);
    }

    /// <summary>Pushes buffered records to the file so readers (TensorBoard) see them.</summary>
    public void Flush() => _stream.Flush();

    public void Dispose()
    {
        if (_ownsStream) _stream.Dispose();
        else _stream.Flush();
    }
}
