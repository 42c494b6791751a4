using System.Buffers.Binary;
using System.Text;

namespace Bridge.Summary;

/// <summary>
/// A tiny protobuf encoder: just the wire types the summary, event and graph messages need.
/// Fields are written in the order the caller writes them; callers write them in field-number
/// order, which is what protobuf's own serializers do, so the bytes match TF's.
/// </summary>
internal sealed class ProtoWriter
{
    private const int WireVarint = 0, WireFixed64 = 1, WireLengthDelimited = 2, WireFixed32 = 5;

    private readonly MemoryStream _buffer = new();

    /// <summary>The bytes written so far.</summary>
    public byte[] ToArray() => _buffer.ToArray();

    private void Key(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    /// <summary>A raw base-128 varint (no key).</summary>
    public void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.WriteByte((byte)value);
    }

    /// <summary>An int64 field (negative values take ten bytes, as in protobuf); zero is skipped as proto3 does.</summary>
    public void Int64(int field, long value)
    {
        if (value == 0) return;
        Key(field, WireVarint);
        Varint(unchecked((ulong)value));
    }

    /// <summary>A double field; proto3 skips +0.0 (only an all-zero bit pattern), so this does too.</summary>
    public void Double(int field, double value, bool always = false)
    {
        if (!always && BitConverter.DoubleToInt64Bits(value) == 0) return;
        Key(field, WireFixed64);
        RawDouble(value);
    }

    /// <summary>A float field; <paramref name="always"/> is for oneof members, which are written even when zero.</summary>
    public void Float(int field, float value, bool always = false)
    {
        if (!always && BitConverter.SingleToInt32Bits(value) == 0) return;
        Key(field, WireFixed32);
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(b, value);
        _buffer.Write(b);
    }

    /// <summary>A fixed32 field (four bytes, little-endian); zero is skipped as proto3 does.</summary>
    public void Fixed32(int field, uint value)
    {
        if (value == 0) return;
        Key(field, WireFixed32);
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        _buffer.Write(b);
    }

    /// <summary>A string field in UTF-8; an empty string is skipped unless <paramref name="always"/>.</summary>
    public void String(int field, string value, bool always = false)
    {
        if (!always && value.Length == 0) return;
        Bytes(field, Encoding.UTF8.GetBytes(value), always: true);
    }

    /// <summary>A bytes or embedded-message field; empty is skipped unless <paramref name="always"/> (oneof, repeated).</summary>
    public void Bytes(int field, ReadOnlySpan<byte> value, bool always = false)
    {
        if (!always && value.IsEmpty) return;
        Key(field, WireLengthDelimited);
        Varint((ulong)value.Length);
        _buffer.Write(value);
    }

    /// <summary>A packed repeated double field (proto3's default encoding for repeated scalars); empty is skipped.</summary>
    public void PackedDoubles(int field, ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return;
        Key(field, WireLengthDelimited);
        Varint((ulong)values.Length * 8);
        foreach (double v in values) RawDouble(v);
    }

    private void RawDouble(double value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(b, value);
        _buffer.Write(b);
    }
}
