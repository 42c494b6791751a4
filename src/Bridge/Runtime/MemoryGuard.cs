using System.Globalization;

namespace Bridge.Runtime;

/// <summary>
/// Bounded memory: every value whose shape is known before it is allocated (an op's output shape, statically when the
/// graph is built and again at run time where the static shape was partial; a random op's shape; a feed converted from
/// Python) is checked here first, so that a shape too large fails at once with TF's
/// <see cref="ResourceExhaustedError"/> naming the op, the shape and the bytes, before anything is allocated (TF 1.x
/// raises the same error type, "OOM when allocating tensor with shape[...]", when the run allocates it).
/// <para>The limit, per value: (1) the element count must not overflow int64 (TF: "Shape ... has too many elements");
/// (2) one value is stored in one .NET array, so it holds at most <see cref="Array.MaxLength"/> elements
/// (2,147,483,591; about 8 GB of float32); (3) its bytes must not exceed what the machine can give now: Linux's
/// MemAvailable from /proc/meminfo (elsewhere, or when lower, the GC's available memory, which honours a container's
/// limit, minus this process's working set). (3) is only consulted for values of at least 64 MiB, so small ops never
/// read /proc. <c>BRIDGE_MEMORY_LIMIT</c> (bytes) lowers the per-value limit, e.g. to test or to share a machine.</para>
/// <para>Deviation: where the shape is fully known when the graph is built, Bridge raises the error then (at the
/// tf.* call), where TF 1.x builds the graph and raises it when the op runs.</para>
/// </summary>
internal static class MemoryGuard
{
    /// <summary>Values below this many bytes are not compared with the machine's memory (only overflow is checked).</summary>
    internal const long SmallValueBytes = 64L << 20;

    /// <summary>A limit set by a test (bytes), overriding the machine's; null: the machine's.</summary>
    internal static long? LimitOverride { get; set; }

    private static readonly long? EnvLimit =
        long.TryParse(Environment.GetEnvironmentVariable("BRIDGE_MEMORY_LIMIT"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) && l > 0 ? l : null;

    /// <summary>The bytes one element of <paramref name="dtype"/> takes in Bridge's storage (a string: its reference).</summary>
    internal static int ElementBytes(TF_DataType dtype) => dtype switch
    {
        TF_DataType.TF_DOUBLE or TF_DataType.TF_INT64 or TF_DataType.TF_STRING => 8,
        TF_DataType.TF_FLOAT or TF_DataType.TF_INT32 => 4,
        TF_DataType.TF_INT16 => 2,
        _ => 1,
    };

    /// <summary>
    /// Throws <see cref="ResourceExhaustedError"/> unless a value of <paramref name="dims"/> (all known, >= 0) and
    /// <paramref name="dtype"/> can be allocated; <paramref name="fn"/> names the op ("tf.zeros 'zeros'").
    /// </summary>
    internal static void Check(string fn, ReadOnlySpan<long> dims, TF_DataType dtype)
    {
        long n = 1;
        bool overflow = false;
        foreach (var d in dims)
        {
            if (d < 0) return; // unknown: checked when known
            if (d != 0 && n > long.MaxValue / d) overflow = true;
            else n *= d;
        }
        if (overflow && !dims.Contains(0L))
            throw Error(fn, dims, dtype, "its element count overflows int64 (more than 9223372036854775807 elements)");
        if (overflow) return; // a zero dimension: empty
        long item = ElementBytes(dtype);
        if (n > Array.MaxLength)
            throw Error(fn, dims, dtype,
                $"{Bytes(n, item)}: {n} elements, more than the {Array.MaxLength} one .NET array (a Bridge value's storage) can hold");
        long bytes = n * item;
        long? limit = LimitOverride ?? EnvLimit;
        if (bytes < SmallValueBytes && limit is null) return;
        long available = Available();
        if (limit is { } l && l < available) available = l;
        if (bytes > available)
            throw Error(fn, dims, dtype, $"{Bytes(n, item)}, more than the {Human(available)} this machine can give now ({(limit is not null && limit == available ? "Bridge's limit, BRIDGE_MEMORY_LIMIT" : "MemAvailable")})");
    }

    /// <summary>The bytes this process may still allocate for one value (see the class summary).</summary>
    internal static long Available()
    {
        long best = long.MaxValue;
        var info = GC.GetGCMemoryInfo();
        if (info.TotalAvailableMemoryBytes > 0)
            best = Math.Max(0, info.TotalAvailableMemoryBytes - Environment.WorkingSet);
        if (MemAvailable() is { } m) best = Math.Min(best, m);
        return best;
    }

    private static long? MemAvailable()
    {
        try
        {
            if (!OperatingSystem.IsLinux()) return null;
            foreach (var line in File.ReadLines("/proc/meminfo"))
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[1], CultureInfo.InvariantCulture) * 1024;
                }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    private static ResourceExhaustedError Error(string fn, ReadOnlySpan<long> dims, TF_DataType dtype, string why) => new(
        $"{fn}: OOM when allocating tensor with shape {new Shape(dims.ToArray()).ToTfString()} and type {dtype.as_numpy_name()}: it needs {why}; nothing was allocated. - help: use a smaller shape (check the dimensions for a typo), or process the data in batches.");

    private static string Bytes(long n, long item)
    {
        if (n > long.MaxValue / item) return $"more than {long.MaxValue} bytes";
        long b = n * item;
        return $"{b.ToString("N0", CultureInfo.InvariantCulture)} bytes ({Human(b)})";
    }

    internal static string Human(long b) => b >= 1L << 30 ? $"{(b / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture)} GiB"
        : b >= 1L << 20 ? $"{(b / (double)(1L << 20)).ToString("0.0", CultureInfo.InvariantCulture)} MiB"
        : b >= 1L << 10 ? $"{(b / (double)(1L << 10)).ToString("0.0", CultureInfo.InvariantCulture)} KiB"
        : $"{b} bytes";
}
