using System.Buffers.Binary;
using System.Text;
using static Bridge.Binding;

namespace Bridge.Tests.Train;

/// <summary>
/// The V2 checkpoint files Saver writes, checked by a minimal parser written here from the published specifications
/// alone (LevelDB's doc/table_format.md as TF's lib/io/table keeps it, and tensor_bundle.proto): its own varints,
/// its own bitwise CRC-32C and TF's mask, the footer's magic, every block trailer, the restart points, the prefix
/// compression, the key order, the header and entry protos, and each tensor's bytes against its entry's checksum.
/// </summary>
public class CheckpointFormatTests : GraphFixture
{
    private string _dir = "";

    [SetUp]
    public void MakeDir()
    {
        _dir = Path.Combine(Path.GetTempPath(), "bridge-ckpt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void RemoveDir()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    // --- the independent parser ---

    private static uint Crc(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            c ^= b;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >> 1) ^ 0x82F63B78u : c >> 1;
        }
        return ~c;
    }

    private static uint MaskCrc(uint crc) => unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u);

    private static ulong Varint(byte[] s, ref int p)
    {
        ulong v = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = s[p++];
            v |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return v;
        }
    }

    /// <summary>The entries of one block, checking its trailer and that every restart point starts an unshared key.</summary>
    private static List<(byte[] key, byte[] value)> Block(byte[] file, ulong offset, ulong size, int expectedRestartInterval)
    {
        var contents = file.AsSpan((int)offset, (int)size).ToArray();
        Assert.That(file[offset + size], Is.EqualTo(0), "block type: no compression");
        var withType = file.AsSpan((int)offset, (int)size + 1);
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan((int)(offset + size + 1))), Is.EqualTo(MaskCrc(Crc(withType))), "trailer CRC");
        int n = (int)BinaryPrimitives.ReadUInt32LittleEndian(contents.AsSpan(contents.Length - 4));
        int restartsAt = contents.Length - 4 - 4 * n;
        var restarts = Enumerable.Range(0, n).Select(i => (int)BinaryPrimitives.ReadUInt32LittleEndian(contents.AsSpan(restartsAt + 4 * i))).ToArray();
        var block = contents[..restartsAt];
        var result = new List<(byte[], byte[])>();
        var entryStarts = new List<int>();
        byte[] last = [];
        int p = 0;
        while (p < block.Length)
        {
            entryStarts.Add(p);
            int shared = (int)Varint(block, ref p), unshared = (int)Varint(block, ref p), vlen = (int)Varint(block, ref p);
            var key = last[..shared].Concat(block.AsSpan(p, unshared).ToArray()).ToArray();
            p += unshared;
            result.Add((key, block.AsSpan(p, vlen).ToArray()));
            p += vlen;
            last = key;
        }
        // Restart points: entries 0, k, 2k, ... with shared == 0 (an empty block still has the one at offset 0).
        var expected = entryStarts.Count == 0 ? [0] : entryStarts.Where((_, i) => i % expectedRestartInterval == 0).ToArray();
        Assert.That(restarts, Is.EqualTo(expected), "restart points");
        foreach (var r in restarts.Where(r => r < block.Length)) Assert.That(block[r], Is.EqualTo(0), "a restart entry shares no key bytes");
        return result;
    }

    /// <summary>All entries of a table file, by the spec.</summary>
    private static List<(byte[] key, byte[] value)> Table(byte[] file)
    {
        Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(file.Length - 8)), Is.EqualTo(0xdb4775248b80fb57UL), "magic");
        int p = file.Length - 48;
        ulong mo = Varint(file, ref p), ms = Varint(file, ref p), io = Varint(file, ref p), isz = Varint(file, ref p);
        Assert.That(file.AsSpan(p, file.Length - 8 - p).ToArray().All(b => b == 0), "footer padding is zero");
        Assert.That(Block(file, mo, ms, 16), Is.Empty, "metaindex block is empty");
        Assert.That(io + isz + 5, Is.EqualTo((ulong)file.Length - 48), "the index block ends where the footer starts");
        var all = new List<(byte[], byte[])>();
        ulong expectedOffset = 0;
        foreach (var (sep, handle) in Block(file, io, isz, 1))
        {
            int hp = 0;
            ulong off = Varint(handle, ref hp), size = Varint(handle, ref hp);
            Assert.That(off, Is.EqualTo(expectedOffset), "data blocks follow each other");
            var entries = Block(file, off, size, 16);
            Assert.That(entries, Is.Not.Empty);
            Assert.That(entries[^1].key.AsSpan().SequenceCompareTo(sep), Is.LessThanOrEqualTo(0), "index key >= the block's last key");
            all.AddRange(entries);
            expectedOffset = off + size + 5;
        }
        Assert.That(expectedOffset, Is.EqualTo(mo), "the metaindex block follows the data blocks");
        for (int i = 1; i < all.Count; i++)
            Assert.That(all[i - 1].Item1.AsSpan().SequenceCompareTo(all[i].Item1), Is.LessThan(0), "keys strictly increasing");
        return all;
    }

    private static byte[] Bytes(byte[] m, ref int p)
    {
        int n = (int)Varint(m, ref p);
        var b = m.AsSpan(p, n).ToArray();
        p += n;
        return b;
    }

    private static Dictionary<int, List<object>> Proto(byte[] m)
    {
        var fields = new Dictionary<int, List<object>>();
        int p = 0;
        while (p < m.Length)
        {
            ulong key = Varint(m, ref p);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            object v = wire switch
            {
                0 => Varint(m, ref p),
                2 => Bytes(m, ref p),
                5 => BinaryPrimitives.ReadUInt32LittleEndian(m.AsSpan(p)),
                _ => throw new AssertionException($"unexpected wire type {wire}"),
            };
            if (wire == 5) p += 4;
            if (!fields.TryGetValue(field, out var l)) fields[field] = l = [];
            l.Add(v);
        }
        return fields;
    }

    // --- tests ---

    [Test]
    public void SavedFilesFollowTheTableAndBundleSpecs()
    {
        // Twenty variables (more than a restart interval of 16), names sharing prefixes, several dtypes and shapes.
        var expected = new Dictionary<string, (int dtype, long[] shape, byte[] bytes)>();
        var vars = new List<Variable>();
        for (int i = 0; i < 20; i++)
        {
            var values = Enumerable.Range(0, 6).Select(k => i + k * 0.25f).ToArray();
            vars.Add(tf.Variable(tf.constant(values, shape: new Shape(2, 3)), name: $"layer{i % 3}/W{i}"));
            expected[$"layer{i % 3}/W{i}"] = (1, [2, 3], values.SelectMany(BitConverter.GetBytes).ToArray());
        }
        vars.Add(tf.Variable(7, name: "last_epoch"));
        expected["last_epoch"] = (3, [], BitConverter.GetBytes(7));
        vars.Add(tf.Variable(tf.constant(new[] { 1.5, -2.0 }, dtype: TF_DataType.TF_DOUBLE), name: "d"));
        expected["d"] = (2, [2], new[] { 1.5, -2.0 }.SelectMany(BitConverter.GetBytes).ToArray());
        vars.Add(tf.Variable(tf.constant(new long[] { 1L << 40 }), name: "big"));
        expected["big"] = (9, [1], BitConverter.GetBytes(1L << 40));
        vars.Add(tf.Variable(tf.constant(new[] { true, false, true }), name: "flags"));
        expected["flags"] = (10, [3], [1, 0, 1]);
        var saver = tf.train.Saver();
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        string prefix = saver.save(sess, Path.Combine(_dir, "model"), global_step: 12)!;
        Assert.That(prefix, Is.EqualTo(Path.Combine(_dir, "model-12")));

        var entries = Table(File.ReadAllBytes(prefix + ".index"));
        var data = File.ReadAllBytes(prefix + ".data-00000-of-00001");
        Assert.That(entries[0].key, Is.Empty, "the header's key is the empty string");
        // BundleHeaderProto {num_shards: 1, endianness: LITTLE (default, not written), version {producer: 1}}.
        Assert.That(entries[0].value, Is.EqualTo(new byte[] { 0x08, 0x01, 0x1a, 0x02, 0x08, 0x01 }));
        var names = entries.Skip(1).Select(e => Encoding.UTF8.GetString(e.key)).ToArray();
        Assert.That(names, Is.EqualTo(expected.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray()));
        long nextOffset = 0;
        foreach (var (key, value) in entries.Skip(1))
        {
            string name = Encoding.UTF8.GetString(key);
            var (dtype, shape, bytes) = expected[name];
            var f = Proto(value);
            Assert.That((ulong)f[1][0], Is.EqualTo((ulong)dtype), name + " dtype");
            var dims = Proto((byte[])f[2][0]).GetValueOrDefault(2, []).Select(d => (long)(ulong)Proto((byte[])d)[1][0]).ToArray();
            Assert.That(dims, Is.EqualTo(shape), name + " shape");
            Assert.That(f.ContainsKey(3), Is.False, "shard_id 0 is not written (proto3)");
            long offset = f.TryGetValue(4, out var o) ? (long)(ulong)o[0] : 0, size = (long)(ulong)f[5][0];
            Assert.That(offset, Is.EqualTo(nextOffset), name + ": tensors are stored in name order, back to back");
            Assert.That(size, Is.EqualTo(bytes.Length));
            Assert.That(data.AsSpan((int)offset, (int)size).ToArray(), Is.EqualTo(bytes), name + " bytes");
            Assert.That((uint)f[6][0], Is.EqualTo(MaskCrc(Crc(bytes))), name + " masked crc32c");
            nextOffset = offset + size;
        }
        Assert.That(data.Length, Is.EqualTo(nextOffset));
    }

    [Test]
    public void LargeTablesSplitIntoBlocksAsTfsBuilderDoes()
    {
        // 300 entries of 2 KB: the 256 KiB block size is crossed, so there are several data blocks, index keys made
        // by TF's shortest separator, and one made by its short successor after the last block.
        var rows = Enumerable.Range(0, 300).Select(i => (Encoding.UTF8.GetBytes($"var{i:D4}"), Enumerable.Repeat((byte)i, 2048).ToArray())).ToList();
        var bytes = CheckpointTable.Write(rows);
        var parsed = Table(bytes);
        Assert.That(parsed.Select(r => Encoding.UTF8.GetString(r.key)), Is.EqualTo(rows.Select(r => Encoding.UTF8.GetString(r.Item1))));
        Assert.That(parsed.Select(r => r.value), Is.EqualTo(rows.Select(r => r.Item2)));
        var back = CheckpointTable.Read(bytes, "t.index");
        Assert.That(back.Select(r => r.value), Is.EqualTo(rows.Select(r => r.Item2)));
        // The index block has one entry per data block: 300 * ~2 KB / 256 KiB rounds up to 3.
        int p = bytes.Length - 48;
        Varint(bytes, ref p); Varint(bytes, ref p);
        ulong io = Varint(bytes, ref p), isz = Varint(bytes, ref p);
        var index = Block(bytes, io, isz, 1);
        Assert.That(index, Has.Count.EqualTo(3));
        // Separator between "var0127" and "var0128" is "var0127" (the differing bytes are adjacent), the last is "w".
        Assert.That(Encoding.UTF8.GetString(index[^1].key), Is.EqualTo("w"));
    }

    [Test]
    public void ShortestSeparatorShortensWhenItCan()
    {
        var rows = new List<(byte[], byte[])>
        {
            (Encoding.UTF8.GetBytes("abc"), new byte[300000]),
            (Encoding.UTF8.GetBytes("abz"), new byte[10]),
        };
        var bytes = CheckpointTable.Write(rows);
        int p = bytes.Length - 48;
        Varint(bytes, ref p); Varint(bytes, ref p);
        ulong io = Varint(bytes, ref p), isz = Varint(bytes, ref p);
        var index = Block(bytes, io, isz, 1);
        Assert.That(index.Select(e => Encoding.UTF8.GetString(e.key)), Is.EqualTo(new[] { "abd", "b" }));
        Assert.That(Table(bytes).Select(e => e.value.Length), Is.EqualTo(new[] { 300000, 10 }));
    }

    /// <summary>
    /// Snappy's raw format (older TF releases compressed index blocks with it), from its format_description.txt: a
    /// varint length, a literal "abc" (tag 0x08), a 1-byte-offset copy of 9 bytes from 3 back (tag 0x15, offset 3,
    /// overlapping itself), a literal "X", and a 2-byte-offset copy (tag 0x0e: 4 bytes from 13 back).
    /// </summary>
    [Test]
    public void SnappyBlocksDecodeAsTheFormatDescribes()
    {
        var stream = new byte[] { 17, 0x08, (byte)'a', (byte)'b', (byte)'c', 0x15, 3, 0x00, (byte)'X', 0x0e, 13, 0 };
        Assert.That(Encoding.ASCII.GetString(CheckpointTable.Unsnappy(stream)!), Is.EqualTo("abcabcabcabcXabca"));
        Assert.That(CheckpointTable.Unsnappy(new byte[] { 5, 0x15, 3 }), Is.Null, "a copy from before the start");
        Assert.That(CheckpointTable.Unsnappy(new byte[] { 9, 0x08, (byte)'a', (byte)'b', (byte)'c' }), Is.Null, "shorter than its length");
        Assert.That(CheckpointTable.Unsnappy(new byte[] { 2, 0x08, (byte)'a' }), Is.Null, "a literal past the end");
    }
}
