using System.Buffers.Binary;
using System.Text;

namespace Bridge.Summary;

/// <summary>One field read by <see cref="ProtoReader"/>: its number, wire type and payload.</summary>
/// <remarks>For varints <see cref="Varint"/> holds the value; for fixed32/fixed64 and length-delimited
/// fields <see cref="Data"/> holds the raw bytes.</remarks>
internal readonly ref struct ProtoField
{
    public ProtoField(int number, int wireType, ulong varint, ReadOnlySpan<byte> data)
    {
        Number = number;
        WireType = wireType;
        Varint = varint;
        Data = data;
    }

    public int Number { get; }
    public int WireType { get; }
    public ulong Varint { get; }
    public ReadOnlySpan<byte> Data { get; }

    public double AsDouble() => WireType == 1
        ? BinaryPrimitives.ReadDoubleLittleEndian(Data)
        : throw new FormatException($"field {Number}: expected a double (wire type 1), found wire type {WireType}");

    public float AsFloat() => WireType == 5
        ? BinaryPrimitives.ReadSingleLittleEndian(Data)
        : throw new FormatException($"field {Number}: expected a float (wire type 5), found wire type {WireType}");

    public long AsInt64() => WireType == 0
        ? unchecked((long)Varint)
        : throw new FormatException($"field {Number}: expected a varint (wire type 0), found wire type {WireType}");

    public ReadOnlySpan<byte> AsBytes() => WireType == 2
        ? Data
        : throw new FormatException($"field {Number}: expected a length-delimited field (wire type 2), found wire type {WireType}");

    public string AsString() => Encoding.UTF8.GetString(AsBytes());

    /// <summary>Appends the doubles of a repeated double field, packed (wire type 2) or not (wire type 1), as parsers must accept both.</summary>
    public void AddDoubles(List<double> into)
    {
        if (WireType == 1) { into.Add(AsDouble()); return; }
        var data = AsBytes();
        if (data.Length % 8 != 0) throw new FormatException($"field {Number}: packed doubles of {data.Length} bytes (not a multiple of 8)");
        for (int i = 0; i < data.Length; i += 8) into.Add(BinaryPrimitives.ReadDoubleLittleEndian(data[i..]));
    }
}

/// <summary>
/// A tiny protobuf decoder over a byte span: reads fields one by one, skipping nothing silently
/// (the caller ignores the numbers it does not know, as protobuf parsers do with unknown fields).
/// Malformed input raises <see cref="FormatException"/>.
/// </summary>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    public ProtoReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _pos = 0;
    }

    /// <summary>Reads the next field; false at the end of the message.</summary>
    public bool TryRead(out ProtoField field)
    {
        field = default;
        if (_pos >= _data.Length) return false;
        ulong key = ReadVarint();
        int number = (int)(key >> 3), wire = (int)(key & 7);
        if (number <= 0) throw new FormatException($"invalid field number {number} at byte {_pos}");
        switch (wire)
        {
            case 0:
                field = new ProtoField(number, wire, ReadVarint(), default);
                break;
            case 1:
                field = new ProtoField(number, wire, 0, Take(8));
                break;
            case 2:
                ulong len = ReadVarint();
                if (len > (ulong)(_data.Length - _pos)) throw new FormatException($"field {number}: length {len} runs past the end of the message");
                field = new ProtoField(number, wire, 0, Take((int)len));
                break;
            case 5:
                field = new ProtoField(number, wire, 0, Take(4));
                break;
            default:
                // Groups (3, 4) are proto2-only and never appear in these messages.
                throw new FormatException($"field {number}: unsupported wire type {wire}");
        }
        return true;
    }

    private ReadOnlySpan<byte> Take(int n)
    {
        if (_data.Length - _pos < n) throw new FormatException($"message truncated: wanted {n} bytes at byte {_pos}");
        var s = _data.Slice(_pos, n);
        _pos += n;
        return s;
    }

    private ulong ReadVarint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_pos >= _data.Length) throw new FormatException("message truncated inside a varint");
            byte b = _data[_pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new FormatException("varint longer than 10 bytes");
    }
}
