using System.Buffers.Binary;
using Bridge.Summary;

namespace Bridge;

/// <summary>
/// The sorted string table (SSTable) a V2 checkpoint's <c>.index</c> file is: TF's tensorflow/core/lib/io/table, the
/// LevelDB table format (doc/table_format.md) without compression. Layout: data blocks, an empty metaindex block, an
/// index block (one entry per data block: a key at or past the block's last key, and the block's handle), then a
/// 48-byte footer (the metaindex and index handles as varints, zero padding to 40 bytes, the magic 0xdb4775248b80fb57
/// little-endian). A block holds entries (varint shared key length, varint unshared length, varint value length, the
/// unshared key bytes, the value), then its restart offsets (fixed32 each) and their count (fixed32); each block is
/// followed by a 5-byte trailer: the compression type (0, none) and the masked CRC-32C of the block and that byte.
/// </summary>
/// <remarks>
/// The writer makes what TF's TableBuilder makes with the options BundleWriter passes it (block_size 262144, restart
/// interval 16 for data blocks and 1 for the index block, no compression), so the files are byte-for-byte TF's.
/// </remarks>
internal static class CheckpointTable
{
    internal const ulong Magic = 0xdb4775248b80fb57UL;
    internal const int FooterSize = 48;
    internal const int TrailerSize = 5;
    internal const int BlockSize = 262144;
    internal const int RestartInterval = 16;

    /// <summary>The table of <paramref name="entries"/>, which must be in strictly increasing bytewise key order.</summary>
    public static byte[] Write(IReadOnlyList<(byte[] key, byte[] value)> entries)
    {
        var file = new MemoryStream();
        var data = new BlockBuilder(RestartInterval);
        var index = new BlockBuilder(1);
        byte[] lastKey = [];
        bool pendingIndex = false;
        (long offset, long size) pending = default;

        void Flush()
        {
            if (data.Empty) return;
            pending = WriteBlock(file, data);
            data = new BlockBuilder(RestartInterval); // TF's block->Reset()
            pendingIndex = true;
        }

        for (int i = 0; i < entries.Count; i++)
        {
            var (key, value) = entries[i];
            if (i > 0)
            {
                if (Compare(key, lastKey) <= 0) throw new ArgumentException("checkpoint table keys must be strictly increasing");
                if (key.Length + value.Length >= 2 * BlockSize) Flush(); // TF: an overly large entry starts a block
            }
            if (pendingIndex)
            {
                index.Add(ShortestSeparator(lastKey, key), Handle(pending));
                pendingIndex = false;
            }
            lastKey = key;
            data.Add(key, value);
            if (data.SizeEstimate >= BlockSize) Flush();
        }
        Flush();
        var metaindex = WriteBlock(file, new BlockBuilder(RestartInterval));
        if (pendingIndex) index.Add(ShortSuccessor(lastKey), Handle(pending));
        var indexHandle = WriteBlock(file, index);

        var footer = new byte[FooterSize];
        var w = new ProtoWriter();
        w.Varint((ulong)metaindex.offset); w.Varint((ulong)metaindex.size);
        w.Varint((ulong)indexHandle.offset); w.Varint((ulong)indexHandle.size);
        w.ToArray().CopyTo(footer, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(footer.AsSpan(40), Magic);
        file.Write(footer);
        return file.ToArray();
    }

    private static (long offset, long size) WriteBlock(MemoryStream file, BlockBuilder block)
    {
        var contents = block.Finish();
        long offset = file.Length;
        file.Write(contents);
        var trailer = new byte[TrailerSize];
        trailer[0] = 0; // kNoCompression
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(1), Crc32C.Mask(BlockCrc(contents, 0)));
        file.Write(trailer);
        return (offset, contents.Length);
    }

    /// <summary>The CRC-32C of a block's contents followed by its type byte (what the trailer stores, masked).</summary>
    internal static uint BlockCrc(ReadOnlySpan<byte> contents, byte type)
    {
        var all = new byte[contents.Length + 1];
        contents.CopyTo(all);
        all[^1] = type;
        return Crc32C.Compute(all);
    }

    private static byte[] Handle((long offset, long size) h)
    {
        var w = new ProtoWriter();
        w.Varint((ulong)h.offset);
        w.Varint((ulong)h.size);
        return w.ToArray();
    }

    internal static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.SequenceCompareTo(b);

    // TF's FindShortestSeparator: the start key cut after its first differing byte, incremented, when that stays
    // below the limit; the start key itself otherwise.
    private static byte[] ShortestSeparator(byte[] start, byte[] limit)
    {
        int min = Math.Min(start.Length, limit.Length), i = 0;
        while (i < min && start[i] == limit[i]) i++;
        if (i >= min) return start;
        byte b = start[i];
        if (b < 0xff && b + 1 < limit[i])
        {
            var s = start[..(i + 1)];
            s[i]++;
            return s;
        }
        return start;
    }

    // TF's FindShortSuccessor: the key cut after its first byte that is not 0xff, incremented.
    private static byte[] ShortSuccessor(byte[] key)
    {
        for (int i = 0; i < key.Length; i++)
            if (key[i] != 0xff)
            {
                var s = key[..(i + 1)];
                s[i]++;
                return s;
            }
        return key;
    }

    private sealed class BlockBuilder(int restartInterval)
    {
        private readonly MemoryStream _buffer = new();
        private readonly List<uint> _restarts = [0];
        private int _counter;
        private byte[] _lastKey = [];

        public bool Empty => _buffer.Length == 0;
        public long SizeEstimate => _buffer.Length + _restarts.Count * 4 + 4;

        public void Add(byte[] key, byte[] value)
        {
            int shared = 0;
            if (_counter < restartInterval)
            {
                int min = Math.Min(_lastKey.Length, key.Length);
                while (shared < min && _lastKey[shared] == key[shared]) shared++;
            }
            else
            {
                _restarts.Add((uint)_buffer.Length);
                _counter = 0;
            }
            var w = new ProtoWriter();
            w.Varint((ulong)shared);
            w.Varint((ulong)(key.Length - shared));
            w.Varint((ulong)value.Length);
            _buffer.Write(w.ToArray());
            _buffer.Write(key, shared, key.Length - shared);
            _buffer.Write(value);
            _lastKey = key;
            _counter++;
        }

        public byte[] Finish()
        {
            Span<byte> b = stackalloc byte[4];
            foreach (var r in _restarts)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(b, r);
                _buffer.Write(b);
            }
            BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)_restarts.Count);
            _buffer.Write(b);
            return _buffer.ToArray();
        }
    }

    /// <summary>
    /// Every entry of a table, in order, checking all of it: the footer's magic, each block's handle, trailer type and
    /// CRC, each entry's lengths, and the key order. <paramref name="file"/> names the file in the errors, which are
    /// <see cref="DataLossError"/>s with TF's reasons ("not an sstable (bad magic number)", "block checksum mismatch").
    /// </summary>
    public static List<(byte[] key, byte[] value)> Read(byte[] table, string file)
    {
        DataLossError Loss(string what) => new(
            $"Unable to read checkpoint index file {file}: {what}. - help: the file is truncated or corrupt; save the checkpoint again, or restore an older one (tf.train.get_checkpoint_state(dir).all_model_checkpoint_paths lists them).");
        if (table.Length < FooterSize) throw Loss($"file is too short ({table.Length} bytes) to be an sstable");
        var footer = table.AsSpan(table.Length - FooterSize);
        if (BinaryPrimitives.ReadUInt64LittleEndian(footer[40..]) != Magic) throw Loss("not an sstable (bad magic number)");
        int pos = 0;
        var meta = DecodeHandle(footer, ref pos, Loss);
        var idx = DecodeHandle(footer, ref pos, Loss);
        if (pos > 40) throw Loss("bad block handle");
        long limit = table.Length - FooterSize;
        ReadBlock(table, meta, limit, Loss); // checked, and ignored (it is empty in TF's files)
        var index = ParseBlock(ReadBlock(table, idx, limit, Loss), Loss);
        var entries = new List<(byte[] key, byte[] value)>();
        foreach (var (_, handle) in index)
        {
            int p = 0;
            var h = DecodeHandle(handle, ref p, Loss);
            if (p != handle.Length) throw Loss("bad block handle");
            foreach (var e in ParseBlock(ReadBlock(table, h, idx.offset, Loss), Loss))
            {
                if (entries.Count > 0 && Compare(e.key, entries[^1].key) <= 0) throw Loss("keys out of order");
                entries.Add(e);
            }
        }
        return entries;
    }

    private static (long offset, long size) DecodeHandle(ReadOnlySpan<byte> s, ref int pos, Func<string, Exception> loss)
    {
        long offset = (long)ReadVarint(s, ref pos, loss), size = (long)ReadVarint(s, ref pos, loss);
        if (offset < 0 || size < 0) throw loss("bad block handle");
        return (offset, size);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> s, ref int pos, Func<string, Exception> loss)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (pos >= s.Length) throw loss("bad varint (truncated)");
            byte b = s[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw loss("bad varint (too long)");
    }

    private static byte[] ReadBlock(byte[] table, (long offset, long size) h, long limit, Func<string, Exception> loss)
    {
        if (h.offset > limit || h.size > limit - h.offset || TrailerSize > limit - h.offset - h.size)
            throw loss("truncated block read");
        var contents = table.AsSpan((int)h.offset, (int)h.size);
        byte type = table[h.offset + h.size];
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan((int)(h.offset + h.size + 1), 4));
        if (Crc32C.Unmask(stored) != BlockCrc(contents, type)) throw loss("block checksum mismatch");
        return type switch
        {
            0 => contents.ToArray(),
            1 => Unsnappy(contents) ?? throw loss("corrupted compressed block contents"),
            _ => throw loss("bad block type"),
        };
    }

    /// <summary>
    /// Snappy's raw format (older TF releases compressed index blocks with it): a varint length, then literals and
    /// back-references (copies with 1-, 2- or 4-byte offsets). Null when the data are not valid Snappy.
    /// </summary>
    internal static byte[]? Unsnappy(ReadOnlySpan<byte> s)
    {
        int pos = 0;
        ulong n = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (pos >= s.Length || shift > 28) return null;
            byte b = s[pos++];
            n |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) break;
        }
        if (n > int.MaxValue) return null;
        var output = new byte[n];
        int o = 0;
        while (pos < s.Length)
        {
            byte tag = s[pos++];
            int len;
            long offset;
            switch (tag & 3)
            {
                case 0:
                    len = tag >> 2;
                    if (len >= 60)
                    {
                        int extra = len - 59;
                        if (s.Length - pos < extra) return null;
                        len = 0;
                        for (int k = 0; k < extra; k++) len |= s[pos + k] << (8 * k);
                        pos += extra;
                        if (len < 0) return null;
                    }
                    len += 1;
                    if (len > s.Length - pos || len > output.Length - o) return null;
                    s.Slice(pos, len).CopyTo(output.AsSpan(o));
                    pos += len;
                    o += len;
                    continue;
                case 1:
                    if (pos >= s.Length) return null;
                    len = ((tag >> 2) & 7) + 4;
                    offset = ((tag >> 5) << 8) | s[pos++];
                    break;
                case 2:
                    if (s.Length - pos < 2) return null;
                    len = (tag >> 2) + 1;
                    offset = s[pos] | (s[pos + 1] << 8);
                    pos += 2;
                    break;
                default:
                    if (s.Length - pos < 4) return null;
                    len = (tag >> 2) + 1;
                    offset = BinaryPrimitives.ReadUInt32LittleEndian(s[pos..]);
                    pos += 4;
                    break;
            }
            if (offset <= 0 || offset > o || len > output.Length - o) return null;
            for (int k = 0; k < len; k++, o++) output[o] = output[o - offset];
        }
        return o == output.Length ? output : null;
    }

    private static List<(byte[] key, byte[] value)> ParseBlock(byte[] block, Func<string, Exception> loss)
    {
        if (block.Length < 4) throw loss("bad block contents");
        uint restarts = BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(block.Length - 4));
        long restartsStart = block.Length - 4 - 4L * restarts;
        if (restarts == 0 || restartsStart < 0) throw loss("bad block contents");
        var result = new List<(byte[] key, byte[] value)>();
        byte[] last = [];
        int pos = 0;
        var s = block.AsSpan(0, (int)restartsStart);
        while (pos < s.Length)
        {
            ulong shared = ReadVarint(s, ref pos, loss), unshared = ReadVarint(s, ref pos, loss), vlen = ReadVarint(s, ref pos, loss);
            if (shared > (ulong)last.Length || unshared > (ulong)(s.Length - pos) || vlen > (ulong)(s.Length - pos) - unshared)
                throw loss("bad entry in block");
            var key = new byte[(int)shared + (int)unshared];
            last.AsSpan(0, (int)shared).CopyTo(key);
            s.Slice(pos, (int)unshared).CopyTo(key.AsSpan((int)shared));
            pos += (int)unshared;
            var value = s.Slice(pos, (int)vlen).ToArray();
            pos += (int)vlen;
            result.Add((key, value));
            last = key;
        }
        return result;
    }
}
