using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Bridge;

/// <summary>
/// Elements Bridge does not own, lent for one run: a fed numpy array's buffer (address, element count, dtype), which
/// the Python caller holds while <c>sess.run</c> runs. An <see cref="NDArray"/> over it (<see cref="NDArray.IsBorrowed"/>)
/// is read in place by the kernels that take spans (<see cref="NDArray.Values{T}"/>); any other use of its
/// <see cref="NDArray.Storage"/> gets a managed copy, made once and shared by every view of the memory, so that code
/// written for .NET arrays is correct on it by construction and never writes into the caller's buffer.
/// </summary>
/// <remarks>
/// The lender ends the loan (<see cref="Revoke"/>) when the run returns: from then on the caller's buffer is never read
/// again. A view that outlived its run by mistake then fails loudly (a <see cref="RuntimeError"/> naming the bug)
/// instead of reading memory numpy may have freed or changed; values that must outlive the run (a variable's, a queue's, a fetched
/// result) are copied with <see cref="NDArray.Detached"/> where they leave it.
/// </remarks>
internal sealed class ForeignMemory
{
    private readonly object _gate = new();
    private nint _address;  // 0 once the loan has ended
    private Array? _managed; // the managed copy, once some code needed a .NET array

    internal ForeignMemory(nint address, long length, TF_DataType dtype)
    {
        if (address == 0 && length > 0) throw new ValueError("numpy buffer address is null.");
        _address = address;
        Length = length;
        DType = dtype;
        if (address != 0) Interlocked.Increment(ref _open);
    }

    private static long _open;

    /// <summary>Loans not ended yet, in the whole process: 0 between runs (what the tests check after each run).</summary>
    internal static long Open => Interlocked.Read(ref _open);

    /// <summary>The number of elements.</summary>
    internal long Length { get; }

    internal TF_DataType DType { get; }

    /// <summary>Managed copies made of lent memory, by the whole process (the tests' evidence that a path reads in place).</summary>
    internal static long Copies;

    /// <summary>
    /// BRIDGE_TRACE_FEED_COPIES=1: each managed copy prints the frames that asked for it to stderr (one line), to find
    /// the paths that still copy a large feed (the README's issue 15 section lists them).
    /// </summary>
    private static readonly bool Trace = Environment.GetEnvironmentVariable("BRIDGE_TRACE_FEED_COPIES") == "1";

    /// <summary>The elements, in place while lent, else the managed copy; <typeparamref name="T"/> is the dtype's element type.</summary>
    internal unsafe ReadOnlySpan<T> Span<T>() where T : unmanaged
    {
        lock (_gate)
        {
            if (_managed is not null) return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(_managed)), checked((int)Length));
            return new ReadOnlySpan<T>((void*)Lent("read"), checked((int)Length));
        }
    }

    /// <summary>The elements as a .NET array: a copy, made on first use and shared after (never the caller's buffer).</summary>
    internal Array Managed()
    {
        lock (_gate)
        {
            if (_managed is { } done) return done;
            // The loan allocated nothing; this copy does (and may be larger than the machine can give now).
            Runtime.MemoryGuard.Check("a fed numpy array copied for a kernel that reads .NET arrays", [Length], DType);
            var copy = Array.CreateInstance(DType.ClrType(), Length);
            long bytes = Length * Runtime.MemoryGuard.ElementBytes(DType);
            if (bytes > 0) CopyTo(copy, bytes);
            Interlocked.Increment(ref Copies);
            if (Trace) Console.Error.WriteLine($"bridge: a lent feed of {bytes} bytes copied to a .NET array by {Caller()}");
            return _managed = copy;
        }
    }

    /// <summary>A fresh managed array holding the elements (a value leaving the run: never shared with a view of the loan).</summary>
    internal Array FreshCopy()
    {
        lock (_gate)
        {
            if (_managed is { } done) return (Array)done.Clone();
            Runtime.MemoryGuard.Check("a fed numpy array kept beyond its run (copied)", [Length], DType);
            var copy = Array.CreateInstance(DType.ClrType(), Length);
            long bytes = Length * Runtime.MemoryGuard.ElementBytes(DType);
            if (bytes > 0) CopyTo(copy, bytes);
            return copy;
        }
    }

    // The first frames outside NDArray and this class: one line, so that a whole suite's copies can be counted by path.
    private static string Caller()
    {
        var frames = new System.Diagnostics.StackTrace(2, false).GetFrames()
            .Select(f => f.GetMethod())
            .Where(m => m?.DeclaringType is { } t && t != typeof(ForeignMemory) && t != typeof(NDArray))
            .Take(6)
            .Select(m => $"{m!.DeclaringType!.Name}.{m.Name}");
        return string.Join(" < ", frames);
    }

    /// <summary>Ends the loan: the caller's buffer is never read after this (see the remarks).</summary>
    internal void Revoke()
    {
        lock (_gate)
        {
            if (_address != 0) Interlocked.Decrement(ref _open);
            _address = 0;
        }
    }

    private unsafe void CopyTo(Array destination, long bytes)
    {
        fixed (byte* to = &MemoryMarshal.GetArrayDataReference(destination))
            Buffer.MemoryCopy((void*)Lent("copied"), to, bytes, bytes);
    }

    private nint Lent(string what) => _address != 0 || Length == 0 ? _address : throw new RuntimeError(
        $"a fed numpy array's memory was {what} after its Session.run had returned (a value kept beyond its run without a copy). - help: this is a Bridge bug; please report it with the graph that was run.");
}
