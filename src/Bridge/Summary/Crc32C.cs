using System.Buffers.Binary;
using System.Runtime.Intrinsics.X86;

namespace Bridge.Summary;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum TFRecord framing uses,
/// plus TF's "masked" form of it.
/// </summary>
/// <remarks>
/// Uses the SSE4.2 CRC32 instruction when the CPU has it (it computes exactly CRC-32C) and a
/// byte-wise table otherwise; both give the same result, which the tests check.
/// </remarks>
internal static class Crc32C
{
    private const uint Polynomial = 0x82F63B78u;

    /// <summary>TF adds this after rotating, so that a CRC of data that itself holds CRCs is not degenerate.</summary>
    private const uint MaskDelta = 0xa282ead8u;

    private static readonly uint[] Table = BuildTable();

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
            table[i] = c;
        }
        return table;
    }

    /// <summary>The CRC-32C of <paramref name="data"/> (initial value and final xor 0xFFFFFFFF, as usual).</summary>
    public static uint Compute(ReadOnlySpan<byte> data) =>
        Sse42.IsSupported ? ~UpdateHardware(0xFFFFFFFFu, data) : ~UpdateSoftware(0xFFFFFFFFu, data);

    /// <summary>The table-driven CRC-32C, exposed so tests can check it against the hardware path.</summary>
    internal static uint ComputeSoftware(ReadOnlySpan<byte> data) => ~UpdateSoftware(0xFFFFFFFFu, data);

    /// <summary>TF's masked CRC: rotate right by 15 bits and add a constant (uint32 wrap-around).</summary>
    public static uint Mask(uint crc) => unchecked(((crc >> 15) | (crc << 17)) + MaskDelta);

    /// <summary>Inverse of <see cref="Mask"/>.</summary>
    public static uint Unmask(uint masked)
    {
        uint rot = unchecked(masked - MaskDelta);
        return (rot >> 17) | (rot << 15);
    }

    /// <summary>The masked CRC-32C of <paramref name="data"/>, as stored in TFRecord files.</summary>
    public static uint Masked(ReadOnlySpan<byte> data) => Mask(Compute(data));

    private static uint UpdateSoftware(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint UpdateHardware(uint crc, ReadOnlySpan<byte> data)
    {
        if (Sse42.X64.IsSupported)
        {
            ulong c = crc;
            while (data.Length >= 8)
            {
                c = Sse42.X64.Crc32(c, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }
            crc = (uint)c;
        }
        foreach (byte b in data) crc = Sse42.Crc32(crc, b);
        return crc;
    }
}
