using System.Runtime.InteropServices;
using System.Text;
using Bridge.Summary;

namespace Bridge;

/// <summary>One tensor's entry in a V2 checkpoint's index (TF's BundleEntryProto).</summary>
internal sealed record CheckpointEntry(string Name, TF_DataType DType, int RawDType, Shape Shape, int ShardId, long Offset, long Size, uint Crc32C, bool Sliced);

/// <summary>
/// TF's V2 checkpoint (tensorflow/core/util/tensor_bundle): <c>PREFIX.data-00000-of-00001</c> holds the tensors' bytes
/// one after the other (little-endian, row-major, no padding), <c>PREFIX.index</c> is a table (<see cref="CheckpointTable"/>)
/// whose "" key holds a BundleHeaderProto (num_shards = 1, endianness LITTLE, version {producer: 1}) and whose other
/// keys, the tensors' names in bytewise order, hold BundleEntryProtos (dtype, shape, shard_id, offset, size, and the
/// masked CRC-32C of the tensor's bytes). Numeric and bool tensors only (TF's string tensors have another layout).
/// </summary>
internal static class CheckpointBundle
{
    private const int TensorBundleVersion = 1; // TF's kTensorBundleVersion

    public static string IndexFile(string prefix) => prefix + ".index";

    public static string DataFile(string prefix, int shard, int numShards) => $"{prefix}.data-{shard:D5}-of-{numShards:D5}";

    private static readonly UTF8Encoding Utf8 = new(false, true);

    /// <summary>
    /// Writes the checkpoint <paramref name="prefix"/> of <paramref name="tensors"/> (names unique). Data go in the
    /// order given (TF's Saver gives them sorted by name), keys in bytewise order. Each file is written to a
    /// temporary name and then renamed, as TF does, so a failed save never leaves a half-written checkpoint.
    /// </summary>
    public static void Write(string prefix, IReadOnlyList<(string name, NDArray value)> tensors)
    {
        var data = new MemoryStream();
        var entries = new List<(byte[] key, byte[] value)>();
        foreach (var (name, value) in tensors)
        {
            var bytes = RawBytes(value);
            long offset = data.Length;
            data.Write(bytes);
            entries.Add((Utf8.GetBytes(name), EncodeEntry(value.dtype, value.shape, offset, bytes.Length, Crc32C.Masked(bytes))));
        }
        entries.Sort((a, b) => CheckpointTable.Compare(a.key, b.key));
        for (int i = 1; i < entries.Count; i++)
            if (CheckpointTable.Compare(entries[i - 1].key, entries[i].key) == 0)
                throw new InvalidArgumentError($"Saver.save: Adding duplicate key: {Encoding.UTF8.GetString(entries[i].key)}. - help: give each variable its own name.");
        var header = new ProtoWriter();
        header.Int64(1, 1); // num_shards
        var version = new ProtoWriter();
        version.Int64(1, TensorBundleVersion); // producer; min_consumer 0
        header.Bytes(3, version.ToArray(), always: true);
        entries.Insert(0, ([], header.ToArray()));
        var index = CheckpointTable.Write(entries);

        string? dir = Path.GetDirectoryName(Path.GetFullPath(prefix));
        if (dir is not null) Directory.CreateDirectory(dir);
        AtomicWrite(DataFile(prefix, 0, 1), data.ToArray());
        AtomicWrite(IndexFile(prefix), index);
    }

    internal static void AtomicWrite(string path, byte[] bytes)
    {
        string tmp = $"{path}.tempstate{Random.Shared.NextInt64():x}";
        try
        {
            File.WriteAllBytes(tmp, bytes);
            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { }
            throw;
        }
    }

    internal static byte[] EncodeEntry(TF_DataType dtype, Shape shape, long offset, long size, uint maskedCrc)
    {
        var e = new ProtoWriter();
        e.Int64(1, (int)dtype);
        var s = new ProtoWriter();
        foreach (var d in shape.dims)
        {
            var dim = new ProtoWriter();
            dim.Int64(1, d);
            s.Bytes(2, dim.ToArray(), always: true);
        }
        e.Bytes(2, s.ToArray(), always: true); // a set message field: written even when empty (a scalar)
        // shard_id 0 is proto3's default: not written
        e.Int64(4, offset);
        e.Int64(5, size);
        e.Fixed32(6, maskedCrc);
        return e.ToArray();
    }

    private static byte[] RawBytes(NDArray a) => a.Storage switch
    {
        float[] x => MemoryMarshal.AsBytes(x.AsSpan()).ToArray(),
        double[] x => MemoryMarshal.AsBytes(x.AsSpan()).ToArray(),
        int[] x => MemoryMarshal.AsBytes(x.AsSpan()).ToArray(),
        long[] x => MemoryMarshal.AsBytes(x.AsSpan()).ToArray(),
        bool[] x => Array.ConvertAll(x, b => b ? (byte)1 : (byte)0),
        byte[] x => (byte[])x.Clone(),
        short[] x => MemoryMarshal.AsBytes(x.AsSpan()).ToArray(),
        sbyte[] x => MemoryMarshal.AsBytes(x.AsSpan()).ToArray(),
        _ => throw new TypeError($"Saver.save: a {a.dtype.as_numpy_name()} tensor cannot be saved by Bridge. - help: save numeric and bool variables."),
    };

    /// <summary>A checkpoint's index, read and checked: its entries by name. The errors name the file.</summary>
    public static Dictionary<string, CheckpointEntry> ReadIndex(string prefix, out int numShards)
    {
        string file = IndexFile(prefix);
        if (!File.Exists(file))
            throw new NotFoundError($"Unsuccessful TensorSliceReader constructor: Failed to find any matching files for {prefix} (no {file}). - help: pass the prefix saver.save returned (\"dir/model-1000\", without .index), or tf.train.latest_checkpoint(dir).");
        var rows = CheckpointTable.Read(File.ReadAllBytes(file), file);
        DataLossError Loss(string what) => new(
            $"Unable to read checkpoint index file {file}: {what}. - help: the file is corrupt; save the checkpoint again, or restore an older one.");
        if (rows.Count == 0 || rows[0].key.Length != 0) throw Loss("no header entry (the \"\" key)");
        numShards = 0;
        bool big = false;
        long minConsumer = 0;
        try
        {
            var r = new ProtoReader(rows[0].value);
            while (r.TryRead(out var f))
            {
                if (f.Number == 1) numShards = (int)f.AsInt64();
                else if (f.Number == 2) big = f.AsInt64() == 1;
                else if (f.Number == 3)
                {
                    var v = new ProtoReader(f.AsBytes());
                    while (v.TryRead(out var vf))
                        if (vf.Number == 2) minConsumer = vf.AsInt64();
                }
            }
        }
        catch (FormatException e) { throw Loss($"bad header proto ({e.Message})"); }
        if (big) throw new InvalidArgumentError($"Checkpoint {file} was written on a big-endian machine; Bridge reads little-endian bundles only. - help: convert it on that machine, or save it again here.");
        if (minConsumer > TensorBundleVersion) throw new InvalidArgumentError($"Checkpoint {file} needs a tensor-bundle reader of version {minConsumer} (Bridge's is {TensorBundleVersion}). - help: save it with TF 1.x's V2 format.");
        if (numShards < 1) throw Loss($"bad num_shards {numShards}");
        var result = new Dictionary<string, CheckpointEntry>(StringComparer.Ordinal);
        foreach (var (key, value) in rows.Skip(1))
        {
            string name;
            try { name = Utf8.GetString(key); }
            catch (DecoderFallbackException) { throw Loss("a key is not UTF-8"); }
            try { result[name] = DecodeEntry(name, value); }
            catch (FormatException e) { throw Loss($"bad entry for '{name}' ({e.Message})"); }
            if (result[name].ShardId < 0 || result[name].ShardId >= numShards) throw Loss($"entry '{name}' is in shard {result[name].ShardId} of {numShards}");
        }
        return result;
    }

    private static CheckpointEntry DecodeEntry(string name, byte[] value)
    {
        int dtype = 0, shard = 0;
        long offset = 0, size = 0;
        uint crc = 0;
        bool sliced = false;
        var dims = new List<long>();
        bool unknownRank = false;
        var r = new ProtoReader(value);
        while (r.TryRead(out var f))
        {
            switch (f.Number)
            {
                case 1: dtype = (int)f.AsInt64(); break;
                case 2:
                    var s = new ProtoReader(f.AsBytes());
                    while (s.TryRead(out var sf))
                    {
                        if (sf.Number == 2)
                        {
                            long d = 0;
                            var dr = new ProtoReader(sf.AsBytes());
                            while (dr.TryRead(out var df)) if (df.Number == 1) d = df.AsInt64();
                            if (d < 0) throw new FormatException($"negative dimension {d}");
                            dims.Add(d);
                        }
                        else if (sf.Number == 3) unknownRank = sf.AsInt64() != 0;
                    }
                    break;
                case 3: shard = (int)f.AsInt64(); break;
                case 4: offset = f.AsInt64(); break;
                case 5: size = f.AsInt64(); break;
                case 6:
                    if (f.WireType != 5) throw new FormatException("crc32c is not a fixed32");
                    crc = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(f.Data);
                    break;
                case 7: sliced = true; break;
            }
        }
        if (unknownRank) throw new FormatException("shape of unknown rank");
        if (offset < 0 || size < 0) throw new FormatException("negative offset or size");
        var known = Enum.IsDefined(typeof(TF_DataType), dtype) ? (TF_DataType)dtype : TF_DataType.DtInvalid;
        return new CheckpointEntry(name, known, dtype, new Shape(dims.ToArray()), shard, offset, size, crc, sliced);
    }

    /// <summary>TF's DataType names for the errors (enum values of types.proto).</summary>
    internal static string DTypeName(CheckpointEntry e) => e.DType != TF_DataType.DtInvalid ? e.DType.as_numpy_name() : e.RawDType switch
    {
        8 => "complex64", 11 => "qint8", 12 => "quint8", 13 => "qint32", 14 => "bfloat16", 17 => "uint16", 18 => "complex128",
        19 => "float16", 20 => "resource", 21 => "variant", 22 => "uint32", 23 => "uint64",
        _ => $"DataType {e.RawDType}",
    };

    /// <summary>Reads one tensor's bytes (checking size and CRC) as an array of the entry's dtype and shape.</summary>
    public static NDArray ReadTensor(string prefix, int numShards, CheckpointEntry e, Dictionary<int, byte[]> shards)
    {
        string file = DataFile(prefix, e.ShardId, numShards);
        if (e.Sliced)
            throw new InvalidArgumentError($"Checkpoint {prefix}: tensor '{e.Name}' is saved in slices (a partitioned variable); Bridge restores whole tensors only. - help: save it unpartitioned.");
        if (e.DType is TF_DataType.DtInvalid or TF_DataType.TF_STRING)
            throw new InvalidArgumentError($"Checkpoint {prefix}: tensor '{e.Name}' has dtype {DTypeName(e)}, which Bridge cannot restore. - help: restore numeric and bool variables only (pass var_list to tf.train.Saver).");
        if (!shards.TryGetValue(e.ShardId, out var data))
        {
            if (!File.Exists(file))
                throw new NotFoundError($"Checkpoint {prefix}: its data file {file} is missing (the index lists tensor '{e.Name}' in it). - help: copy the .data-* files with the .index file, or save the checkpoint again.");
            shards[e.ShardId] = data = File.ReadAllBytes(file);
        }
        long n = 1;
        foreach (var d in e.Shape.dims) n = checked(n * d);
        int elem = Marshal.SizeOf(e.DType == TF_DataType.TF_BOOL ? typeof(byte) : e.DType.ClrType());
        if (e.Size != checked(n * elem))
            throw new DataLossError($"Checkpoint {prefix}: tensor '{e.Name}' has {e.Size} bytes in the index but shape {OpHelpers.Fmt(e.Shape)} of {e.DType.as_numpy_name()} needs {n * elem}. - help: the index is corrupt; save the checkpoint again.");
        if (e.Offset > data.Length || e.Size > data.Length - e.Offset)
            throw new DataLossError($"Checkpoint {prefix}: data file {file} is truncated: tensor '{e.Name}' needs bytes [{e.Offset}, {e.Offset + e.Size}) of a {data.Length}-byte file (TF: Read less bytes than requested). - help: the file was cut short; save the checkpoint again, or restore an older one.");
        var bytes = data.AsSpan((int)e.Offset, (int)e.Size);
        uint crc = Crc32C.Compute(bytes);
        if (crc != Crc32C.Unmask(e.Crc32C))
            throw new DataLossError($"Checkpoint {prefix}: data file {file}, tensor '{e.Name}': Checksum does not match: stored {Crc32C.Unmask(e.Crc32C)} vs. calculated on the restored bytes {crc}. - help: the file is corrupt; save the checkpoint again, or restore an older one.");
        Array storage = e.DType switch
        {
            TF_DataType.TF_FLOAT => MemoryMarshal.Cast<byte, float>(bytes).ToArray(),
            TF_DataType.TF_DOUBLE => MemoryMarshal.Cast<byte, double>(bytes).ToArray(),
            TF_DataType.TF_INT32 => MemoryMarshal.Cast<byte, int>(bytes).ToArray(),
            TF_DataType.TF_INT64 => MemoryMarshal.Cast<byte, long>(bytes).ToArray(),
            TF_DataType.TF_BOOL => bytes.ToArray().Select(b => b != 0).ToArray(),
            TF_DataType.TF_UINT8 => bytes.ToArray(),
            TF_DataType.TF_INT16 => MemoryMarshal.Cast<byte, short>(bytes).ToArray(),
            TF_DataType.TF_INT8 => MemoryMarshal.Cast<byte, sbyte>(bytes).ToArray(),
            _ => throw new InvalidArgumentError($"Checkpoint {prefix}: tensor '{e.Name}' has dtype {DTypeName(e)}, which Bridge cannot restore."),
        };
        return new NDArray(storage, e.Shape);
    }
}
