using System.Runtime.InteropServices;

namespace Bridge.Kernels;

/// <summary>
/// TF's CPU kernels flush denormal float results to zero (FTZ) and read denormal inputs as zero (DAZ); libtorch and
/// .NET do not. Lab 07-1 at learning rate 1.5 only diverges to "5 inf" and nan as recorded with flushing: an exp()
/// result below FLT_MIN must become 0 so that log gives -inf. So every Session.run sets the FTZ and DAZ bits of the
/// running thread's MXCSR (through glibc's fegetenv/fesetenv, whose x86-64 fenv_t holds MXCSR at offset 28) and
/// restores the caller's floating-point environment afterwards. Elsewhere (not x86-64 Linux), runs keep IEEE denormals.
/// </summary>
internal static class FlushToZero
{
    private const int FenvSize = 32;      // sizeof(fenv_t) on x86-64 glibc
    private const int MxcsrOffset = 28;   // offsetof(fenv_t, __mxcsr)
    private const uint FtzDaz = 0x8040;   // MXCSR bits: flush-to-zero (15) and denormals-are-zero (6)

    private static readonly bool Supported = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64 && Probe();

    [ThreadStatic] private static int _depth;
    [ThreadStatic] private static byte[]? _callers; // the environment the outermost scope saved, while one is open
    // Where the outermost scope saves it: one buffer per thread, as a thread has one outermost scope at a time (a
    // fresh array each run was garbage on the path of the smallest runs).
    [ThreadStatic] private static byte[]? _buffer;

    [DllImport("libm.so.6", EntryPoint = "fegetenv")]
    private static extern unsafe int FeGetEnv(byte* env);

    [DllImport("libm.so.6", EntryPoint = "fesetenv")]
    private static extern unsafe int FeSetEnv(byte* env);

    /// <summary>Whether runs flush denormals on this platform.</summary>
    public static bool IsSupported => Supported;

    /// <summary>Whether this thread computes with flushing on now (inside a run): work it hands to another thread takes the same setting.</summary>
    public static bool IsOn => Supported && _depth > 0;

    /// <summary>Turns flushing on for this thread until disposed (nested runs keep it on).</summary>
    public static Scope Enter() => Supported ? new Scope(true) : default;

    internal readonly unsafe struct Scope : IDisposable
    {
        private readonly byte[]? _saved;

        public Scope(bool on)
        {
            if (!on || _depth++ > 0) { _saved = null; return; }
            _saved = _buffer ??= new byte[FenvSize];
            fixed (byte* p = _saved) SetFlushing(p);
            _callers = _saved;
        }

        public void Dispose()
        {
            if (!Supported) return;
            if (--_depth > 0 || _saved is null) return;
            fixed (byte* p = _saved) FeSetEnv(p);
            _callers = null;
        }
    }

    /// <summary>
    /// Gives the caller's own floating-point environment back until disposed, inside a run: for foreign code a run
    /// calls into (Python's signal handlers), which must not compute with flushing on nor change the run's setting.
    /// </summary>
    public static Suspension Suspend() => Supported && _callers is not null ? new Suspension(_callers) : default;

    internal readonly unsafe struct Suspension : IDisposable
    {
        private readonly byte[]? _run;

        public Suspension(byte[] callers)
        {
            _run = new byte[FenvSize];
            fixed (byte* run = _run) FeGetEnv(run);
            fixed (byte* c = callers) FeSetEnv(c);
        }

        public void Dispose()
        {
            if (_run is null) return;
            fixed (byte* run = _run) FeSetEnv(run);
        }
    }

    /// <summary>Saves the current environment into <paramref name="saved"/> and turns FTZ and DAZ on.</summary>
    private static unsafe bool SetFlushing(byte* saved)
    {
        if (FeGetEnv(saved) != 0) return false;
        var env = stackalloc byte[FenvSize];
        Buffer.MemoryCopy(saved, env, FenvSize, FenvSize);
        *(uint*)(env + MxcsrOffset) |= FtzDaz;
        return FeSetEnv(env) == 0;
    }

    private static unsafe bool Probe()
    {
        try
        {
            var saved = stackalloc byte[FenvSize];
            bool ok = SetFlushing(saved);
            // Check that a denormal product really flushes, then restore.
            float tiny = Volatile.Read(ref _probe);
            bool flushed = tiny * 0.5f == 0f;
            FeSetEnv(saved);
            return ok && flushed;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    private static float _probe = 1.1754944e-38f; // FLT_MIN: half of it is denormal
}
