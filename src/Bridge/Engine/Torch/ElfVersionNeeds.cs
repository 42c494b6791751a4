using System.Text;

namespace Bridge;

/// <summary>
/// Edits the version requirements (<c>.gnu.version_r</c>) of an ELF64 little-endian shared library in memory. The same
/// one-byte edit as build/TorchSharpNativeFix.targets (which must stay self-contained for MSBuild, hence the copy).
/// </summary>
internal static class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const byte VerFlgWeak = 0x2;

    /// <summary>
    /// Marks every requirement of <paramref name="version"/> as weak (<c>VER_FLG_WEAK</c>), so the loader accepts a
    /// library that lacks it. Returns false when nothing needed changing (already weak, absent, or not ELF64 LE).
    /// </summary>
    public static bool Weaken(byte[] elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7F || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1) return false;
        long shoff = BitConverter.ToInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A), shnum = BitConverter.ToUInt16(elf, 0x3C);
        bool changed = false;
        for (int s = 0; s < shnum; s++)
        {
            int sh = checked((int)(shoff + (long)s * shentsize));
            if (BitConverter.ToUInt32(elf, sh + 4) != ShtGnuVerneed) continue;
            int vn = checked((int)BitConverter.ToInt64(elf, sh + 0x18));
            int link = (int)BitConverter.ToUInt32(elf, sh + 0x28);
            int count = (int)BitConverter.ToUInt32(elf, sh + 0x2C);
            long strtab = BitConverter.ToInt64(elf, checked((int)(shoff + (long)link * shentsize + 0x18)));
            for (int i = 0; i < count; i++)
            {
                int cnt = BitConverter.ToUInt16(elf, vn + 2);
                int aux = vn + (int)BitConverter.ToUInt32(elf, vn + 8);
                for (int j = 0; j < cnt; j++)
                {
                    int name = checked((int)(strtab + BitConverter.ToUInt32(elf, aux + 8)));
                    int end = Array.IndexOf(elf, (byte)0, name);
                    if (Encoding.ASCII.GetString(elf, name, end - name) == version && (elf[aux + 4] & VerFlgWeak) == 0)
                    {
                        elf[aux + 4] |= VerFlgWeak;
                        changed = true;
                    }
                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }
                vn += (int)BitConverter.ToUInt32(elf, vn + 12);
            }
        }
        return changed;
    }
}
