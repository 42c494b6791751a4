using System.Runtime.InteropServices;
using Bridge.Backend;

namespace Bridge.Interop;

/// <summary>
/// The few calls the Python package (<c>python/bridge</c>) makes besides the <c>tf</c> facade itself: moving numpy
/// buffers in and out of <see cref="NDArray"/> with one memory copy, and building the facade's small argument types.
/// </summary>
/// <remarks>
/// Everything here takes plain numbers (addresses as <c>long</c>, dtype names as strings) and never a Python object,
/// so no method needs the GIL: pythonnet may release it around the call, and touching a PyObject without it crashes.
/// </remarks>
public static class PythonInterop
{
    /// <summary>The dtypes numpy and Bridge share, in the order of their codes (the index is the code).</summary>
    public static readonly string[] DTypeNames = ["float32", "float64", "int32", "int64", "bool", "uint8", "int16", "int8"];

    private static readonly TF_DataType[] Codes =
    [
        TF_DataType.TF_FLOAT, TF_DataType.TF_DOUBLE, TF_DataType.TF_INT32, TF_DataType.TF_INT64,
        TF_DataType.TF_BOOL, TF_DataType.TF_UINT8, TF_DataType.TF_INT16, TF_DataType.TF_INT8,
    ];

    /// <summary>The largest rank a fed or fetched array may have (the size of a shape record in <see cref="PreparedRun"/>).</summary>
    public const int MaxRank = 8;

    /// <summary>
    /// The result code of a scalar string (a summary op's serialized protobuf), which Python receives as <c>bytes</c>:
    /// the codes after <see cref="DTypeNames"/>' last.
    /// </summary>
    public static int BytesCode => DTypeNames.Length;

    /// <summary>A new NDArray holding a copy of <paramref name="shape"/>'s product of elements at address <paramref name="data"/>.</summary>
    /// <param name="data">The address of C-contiguous, aligned data (numpy's <c>arr.ctypes.data</c>).</param>
    /// <param name="shape">The array's shape.</param>
    /// <param name="dtype">A numpy dtype name from <see cref="DTypeNames"/>.</param>
    public static NDArray FromBuffer(long data, long[] shape, string dtype) => FromBuffer(data, shape, CodeOf(dtype));

    /// <summary>Copies the values of <paramref name="array"/> to address <paramref name="destination"/> (room for all of them).</summary>
    public static void CopyTo(NDArray array, long destination)
    {
        var bytes = ByteLength(array.Storage);
        if (bytes > 0) CopyBytes(array.Storage, destination, bytes, toArray: false);
    }

    /// <summary>
    /// Throws TF's <see cref="ResourceExhaustedError"/> (naming <paramref name="what"/>, the shape and the bytes) unless
    /// a value of <paramref name="shape"/> and numpy dtype <paramref name="dtype"/> can be allocated: Python asks before
    /// numpy makes a converted or contiguous copy of a feed (a broadcast view of a few bytes can stand for terabytes).
    /// </summary>
    public static void CheckAllocation(string what, long[] shape, string dtype) =>
        Runtime.MemoryGuard.Check(what, shape, Codes[CodeOf(dtype)]);

    /// <summary>The numpy dtype name of <paramref name="array"/>.</summary>
    public static string DTypeOf(NDArray array) => DTypeNames[CodeOf(array.dtype)];

    /// <summary>The shape of <paramref name="array"/>.</summary>
    public static long[] ShapeOf(NDArray array) => array.shape.dims;

    /// <summary>The static shape of <paramref name="tensor"/>, with -1 for unknown dimensions; null when its rank is unknown.</summary>
    public static long[]? ShapeOf(Tensor tensor) => tensor.shape.IsRankKnown ? tensor.shape.dims : null;

    /// <summary>
    /// The <c>tf.*</c> functions that build each op of the op vocabulary ("MatMul: tf.matmul"), for the Python tests
    /// that check every op is reachable from Python.
    /// </summary>
    public static string[] OpFunctions() => Ops.All
        .SelectMany(d => d.Functions.Where(f => f.StartsWith("tf.", StringComparison.Ordinal)).Select(f => d.Type + ": " + f))
        .ToArray();

    /// <summary>
    /// Each op's dtypes, as its definition declares them (TF 1.x's CPU kernel registrations): "MatMul: float32,float64,
    /// int32". The differential fuzzer (python/bridge/fuzz.py) takes the dtypes it tries from here.
    /// </summary>
    public static string[] OpDTypes() => Ops.All
        .Select(d => d.Type + ": " + string.Join(",", d.DTypes.Items.Select(t => t.as_numpy_name())))
        .ToArray();

    /// <summary>
    /// Forces where ops run, for tests and the fuzzer: "by-size" (the default rule), "managed" (every op on its managed
    /// kernel) or "torch" (every op libtorch has a kernel for on libtorch). Process-wide; returns the previous setting.
    /// </summary>
    public static string SetPlacement(string placement)
    {
        var previous = Backend.PlacementRule.Placement;
        Backend.PlacementRule.Placement = placement switch
        {
            "by-size" => Backend.Placement.BySize,
            "managed" => Backend.Placement.Managed,
            "torch" => Backend.Placement.Torch,
            _ => throw new ValueError($"SetPlacement: unknown placement '{placement}'. - help: use \"by-size\", \"managed\" or \"torch\"."),
        };
        return previous switch { Backend.Placement.Managed => "managed", Backend.Placement.Torch => "torch", _ => "by-size" };
    }

    /// <summary>An axis argument: a single axis (<c>axis=1</c>) or a list (<c>axis=[0]</c>), which TF treats alike.</summary>
    public static Axis MakeAxis(int[] axes, bool scalar) => scalar && axes.Length == 1 ? axes[0] : new Axis(axes);

    /// <summary>A shape from Python's list of dimensions, None given as -1.</summary>
    public static Shape MakeShape(long[] dims) => new(dims);

    /// <summary>A shape given as a tensor, or a list holding tensors: its value when known as the graph is built (TF's constant_value), else read when the graph runs.</summary>
    public static Shape ShapeFromTensor(object shape, string fn) => ConstantValue.ShapeArg(shape, fn);

    /// <summary>An axis given as a tensor whose value is known when the graph is built, else a ValueError.</summary>
    public static Axis AxisFromTensor(Tensor axis) => axis;

    /// <summary>An int argument (an axis, a depth ...) given as a scalar tensor whose value is known when the graph is built, else a ValueError naming <paramref name="fn"/>.</summary>
    public static int IntFromTensor(Tensor value, string fn, string what) => checked((int)ConstantValue.Int(value, fn, what));

    /// <summary>Prepares repeated runs of <paramref name="session"/> with the same fetches and fed tensors (see <see cref="PreparedRun"/>).</summary>
    public static PreparedRun Prepare(Session session, object[] fetches, object[] feedKeys, long meta, int metaLength, long scratch, int scratchBytes)
    {
        var f = Array.ConvertAll(fetches, o => o as ITensorOrOperation
            ?? throw new TypeError($"Session.run: cannot fetch {o?.GetType().Name ?? "None"}. - help: fetch tensors, variables and operations built with tf.*."));
        var k = Array.ConvertAll(feedKeys, o => o as Tensor
            ?? throw new TypeError($"Session.run: a feed_dict key must be a Tensor (e.g. a tf.placeholder), not {o?.GetType().Name ?? "None"}."));
        return new PreparedRun(session, f, k, meta, metaLength, scratch, scratchBytes);
    }

    /// <summary>
    /// <c>FileWriter.add_summary</c> with the serialized Summary Python holds (<c>bytes</c>, as <c>sess.run</c> of a summary
    /// op returns it): <paramref name="length"/> bytes at <paramref name="data"/>.
    /// </summary>
    public static void AddSummary(FileWriter writer, long data, int length, long globalStep)
    {
        var bytes = new byte[length];
        if (length > 0) NativeBytes(data, length).CopyTo(bytes);
        writer.AddSerialized(bytes, globalStep);
    }

    /// <summary>The bytes of a string result (<see cref="BytesCode"/>), which must be a scalar; <paramref name="what"/> names it in the error.</summary>
    internal static byte[] ScalarBytes(NDArray array, string what)
    {
        if (array.size != 1 || array.ndim != 0)
            throw new TypeError($"Session.run: {what} is a string tensor of shape {array.shape}; from Python only scalar strings (summaries) can be fetched. - help: fetch the string ops one by one.");
        return array.Data<byte[]>()[0];
    }

    /// <summary>
    /// Starts the engine once: loads libtorch through TorchSharp, after the library's run-time native fix, which also
    /// loads TorchSharp's native library from the build folder itself (a host without deps.json, as Python's is, would
    /// not find it). Python calls this when its first session is made, so a load failure surfaces there, once.
    /// </summary>
    public static void StartEngine() => _ = Engine.Current;

    internal static int CodeOf(string dtype)
    {
        int code = Array.IndexOf(DTypeNames, dtype);
        if (code < 0)
            throw new TypeError($"numpy arrays of dtype {dtype} cannot cross into Bridge. - help: convert with arr.astype(np.float32) (or float64, int32, int64, bool, uint8, int16, int8).");
        return code;
    }

    internal static int CodeOf(TF_DataType dtype) => Array.IndexOf(Codes, dtype) is var c and >= 0 ? c
        : throw new TypeError($"dtype {dtype.as_numpy_name()} has no numpy counterpart here.");

    internal static NDArray FromBuffer(long data, long[] shape, int code)
    {
        long n = Elements(shape);
        Runtime.MemoryGuard.Check("a numpy array converted to Bridge", shape, Codes[code]);
        var storage = Array.CreateInstance(Codes[code].ClrType(), n);
        var bytes = ByteLength(storage);
        if (bytes > 0) CopyBytes(storage, data, bytes, toArray: true);
        return new NDArray(storage, shape);
    }

    /// <summary>
    /// Fed arrays of at least this many bytes are read in place for their run (lent: see <see cref="ForeignMemory"/>),
    /// so that a large feed costs no copy (issue 15: peak memory at most 1.5x the largest value); smaller ones are
    /// copied, as every managed kernel of a small run reads .NET arrays and would make that copy anyway. The same
    /// threshold as a result's in-place fetch (<see cref="Runtime.Executor{TValue}.EarlyReleaseBytes"/>).
    /// <c>BRIDGE_LEND_FEED_BYTES</c> sets another (0: every feed), to run a whole suite or lab that way.
    /// </summary>
    internal static long LendFeedBytes =
        long.TryParse(Environment.GetEnvironmentVariable("BRIDGE_LEND_FEED_BYTES"), System.Globalization.NumberStyles.Integer,
            System.Globalization.CultureInfo.InvariantCulture, out var b) && b >= 0 ? b : 1 << 20;

    /// <summary>
    /// Sets the size from which fed arrays are read in place (bytes; 0: every feed, <c>long.MaxValue</c>: none), for
    /// tests and the fuzzer, which compare both routes; process-wide. Returns the previous setting.
    /// </summary>
    public static long SetLendFeedBytes(long bytes)
    {
        if (bytes < 0) throw new ValueError($"SetLendFeedBytes: {bytes} bytes. - help: give 0 (every feed in place) or more.");
        var previous = LendFeedBytes;
        LendFeedBytes = bytes;
        return previous;
    }

    /// <summary>
    /// How many fed arrays read in place were copied to .NET arrays for code that reads those (<c>NDArray.Storage</c>)
    /// since the process started: the tests' evidence that a path reads a feed in place. The copies of values that
    /// leave their run (a fetched feed, a variable assigned one) are not counted: those are TF's copies too.
    /// </summary>
    public static long LentFeedCopies => Interlocked.Read(ref ForeignMemory.Copies);

    /// <summary>Fed arrays lent to a run that has not returned yet (0 between runs: a run ends its loans, even when it fails).</summary>
    public static long OpenLoans => ForeignMemory.Open;

    /// <summary>
    /// Feed <paramref name="data"/> as an NDArray for one run: lent (read in place; the loan is added to
    /// <paramref name="loans"/>, which the caller revokes when the run returns) when it has at least
    /// <see cref="LendFeedBytes"/> bytes (made on the first loan), else copied.
    /// </summary>
    internal static NDArray Feed(long data, long[] shape, int code, ref List<ForeignMemory>? loans)
    {
        long n = Elements(shape);
        var dtype = Codes[code];
        // More elements than one .NET array holds (what a kernel's copy, or a span, can hold): FromBuffer refuses them.
        if (n == 0 || n > Array.MaxLength || n * Runtime.MemoryGuard.ElementBytes(dtype) < LendFeedBytes)
            return FromBuffer(data, shape, code);
        var lent = new ForeignMemory((nint)data, n, dtype);
        (loans ??= []).Add(lent);
        return new NDArray(lent, shape);
    }

    private static long Elements(long[] shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ValueError($"numpy array shape [{string.Join(", ", shape)}] has a negative dimension.");
            n = d != 0 && n > long.MaxValue / d ? long.MaxValue : n * d;
        }
        return n;
    }

    /// <summary>Whether <paramref name="storage"/> can be handed to numpy in place (<see cref="Pin"/>): every dtype but bool,
    /// whose .NET arrays the runtime does not pin.</summary>
    internal static bool Pinnable(Array storage) => storage is not bool[];

    /// <summary>Pins <paramref name="storage"/> (a primitive array) for numpy: <c>{address of its first element, GC handle}</c>.</summary>
    internal static long[] Pin(Array storage)
    {
        var handle = GCHandle.Alloc(storage, GCHandleType.Pinned);
        return [(long)handle.AddrOfPinnedObject(), (long)GCHandle.ToIntPtr(handle)];
    }

    /// <summary>
    /// Frees a handle <see cref="PreparedRun.Pin"/> gave: called when the numpy array over the pinned storage is
    /// collected, after which the .NET GC may move and free the storage.
    /// </summary>
    public static void Unpin(long handle) => GCHandle.FromIntPtr((IntPtr)handle).Free();

    // One memcpy between a primitive array and native memory, of any length (a Span is limited to 2 GB).
    private static unsafe void CopyBytes(Array storage, long address, long bytes, bool toArray)
    {
        if (address == 0) throw new ValueError("numpy buffer address is null.");
        fixed (byte* array = &MemoryMarshal.GetArrayDataReference(storage))
        {
            if (toArray) Buffer.MemoryCopy((void*)address, array, bytes, bytes);
            else Buffer.MemoryCopy(array, (void*)address, bytes, bytes);
        }
    }

    internal static long ByteLength(Array storage) => (long)storage.Length * ElementSize(storage);

    private static int ElementSize(Array storage) => storage switch
    {
        double[] or long[] => 8,
        float[] or int[] => 4,
        short[] => 2,
        _ => 1,
    };

    // The raw bytes of a primitive array; int-sized spans are enough (2 GB per array, far above the labs).
    internal static Span<byte> RawBytes(Array storage) =>
        MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(storage), checked((int)ByteLength(storage)));

    internal static unsafe Span<byte> NativeBytes(long address, long bytes)
    {
        if (address == 0) throw new ValueError("numpy buffer address is null.");
        return new Span<byte>((void*)address, checked((int)bytes));
    }
}
