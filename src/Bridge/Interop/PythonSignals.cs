using Bridge.Runtime;

namespace Bridge.Interop;

/// <summary>
/// Ctrl-C during a long <c>Session.run</c> called from Python. pythonnet releases the GIL around .NET calls, and Python
/// runs its signal handlers only between bytecodes, so without help a SIGINT waits for the run to return. With the
/// C API functions given to <see cref="Enable"/>, runs that Python's main thread makes through <see cref="PreparedRun"/>
/// install a <see cref="RunInterrupt"/> check: every <see cref="Interval"/> (between ops, before the run's first
/// write) it takes the GIL, calls <c>PyErr_CheckSignals</c> (Python's own handler runs, in the main thread), and
/// releases the GIL. If the handler raised, the run stops with <see cref="CancelledError"/> and the exception it
/// raised waits in <see cref="TakePendingException"/> for the Python side to re-raise; if it did not raise, the run goes on.
/// </summary>
/// <remarks>
/// The functions come from Python (<c>ctypes.pythonapi</c>, i.e. the running interpreter, whatever its library file),
/// as addresses; this assembly references no pythonnet and names no libpython. Nothing here touches a Python object
/// without holding the GIL.
/// </remarks>
public static unsafe class PythonSignals
{
    /// <summary>The least time between two checks of a run.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    private static delegate* unmanaged<int> s_gilEnsure;
    private static delegate* unmanaged<int, void> s_gilRelease;
    private static delegate* unmanaged<int> s_checkSignals;
    private static delegate* unmanaged<nint*, nint*, nint*, void> s_errFetch;
    private static delegate* unmanaged<nint*, nint*, nint*, void> s_errNormalize;
    private static delegate* unmanaged<nint, nint, int> s_setTraceback;
    private static delegate* unmanaged<nint, void> s_decRef;
    private static RunInterrupt? s_hook;
    private static int s_thread;

    [ThreadStatic] private static nint t_pending;

    /// <summary>
    /// Enables the check for runs made on the calling thread (Python's main thread, the one its signal handlers run
    /// in), given the addresses of <c>PyGILState_Ensure</c>, <c>PyGILState_Release</c>, <c>PyErr_CheckSignals</c>,
    /// <c>PyErr_Fetch</c>, <c>PyErr_NormalizeException</c>, <c>PyException_SetTraceback</c> and <c>Py_DecRef</c>.
    /// False (and nothing enabled) if an address is 0.
    /// </summary>
    public static bool Enable(long gilEnsure, long gilRelease, long checkSignals, long errFetch, long errNormalize, long setTraceback, long decRef)
    {
        if (gilEnsure == 0 || gilRelease == 0 || checkSignals == 0 || errFetch == 0 || errNormalize == 0 || setTraceback == 0 || decRef == 0)
            return false;
        s_gilEnsure = (delegate* unmanaged<int>)gilEnsure;
        s_gilRelease = (delegate* unmanaged<int, void>)gilRelease;
        s_checkSignals = (delegate* unmanaged<int>)checkSignals;
        s_errFetch = (delegate* unmanaged<nint*, nint*, nint*, void>)errFetch;
        s_errNormalize = (delegate* unmanaged<nint*, nint*, nint*, void>)errNormalize;
        s_setTraceback = (delegate* unmanaged<nint, nint, int>)setTraceback;
        s_decRef = (delegate* unmanaged<nint, void>)decRef;
        s_thread = Environment.CurrentManagedThreadId;
        s_hook = new RunInterrupt(SignalHandlerRaised, Interval);
        return true;
    }

    /// <summary>True once <see cref="Enable"/> succeeded.</summary>
    public static bool Enabled => s_hook is not null;

    /// <summary>
    /// The exception a Python signal handler raised during the last run on this thread that it stopped, as the address
    /// of a strong reference the caller now owns (0 if none); clears it.
    /// </summary>
    public static long TakePendingException()
    {
        var p = t_pending;
        t_pending = 0;
        return p;
    }

    /// <summary>The check for a run on the current thread: null unless enabled for this thread.</summary>
    internal static RunInterrupt? HookForCurrentThread() =>
        s_hook is { } hook && Environment.CurrentManagedThreadId == s_thread ? hook : null;

    /// <summary>Runs Python's pending signal handlers under the GIL; true if one raised (its exception is kept).</summary>
    private static bool SignalHandlerRaised()
    {
        int gil = s_gilEnsure();
        try
        {
            if (s_checkSignals() == 0) return false;
            nint type = 0, value = 0, traceback = 0;
            s_errFetch(&type, &value, &traceback);
            s_errNormalize(&type, &value, &traceback);
            if (value != 0 && traceback != 0) s_setTraceback(value, traceback);
            if (type != 0) s_decRef(type);
            if (traceback != 0) s_decRef(traceback);
            if (t_pending != 0) s_decRef(t_pending); // an exception nobody took
            t_pending = value;
            return true;
        }
        finally
        {
            s_gilRelease(gil);
        }
    }
}
