using System.Collections.Concurrent;
using System.Diagnostics;

namespace Bridge.Kernels;

/// <summary>
/// One background thread that takes a share of work which divides without changing any result: the rows of a
/// product (each output element keeps its own addition order, whoever computes it) and the copy of the next
/// mini-batch (<see cref="DataSet.next_batch"/>). The posting thread never waits for the helper to start: it claims
/// the work's parts itself, so a busy second core costs at most the part the helper is in the middle of, and with
/// one core (or BRIDGE_THREADS=1) everything runs on the caller as before.
/// The helper spins for <see cref="SpinMicroseconds"/> after its last work (a training loop posts every ~50 us, and
/// waking a sleeping thread costs about as much as the part it would take), then sleeps until the next post.
/// </summary>
internal static class HelperThread
{
    /// <summary>Whether work is shared with a second thread: two or more cores and BRIDGE_THREADS not 1.</summary>
    public static readonly bool Enabled = Environment.ProcessorCount >= 2 && Environment.GetEnvironmentVariable("BRIDGE_THREADS") != "1";

    /// <summary>How long the helper keeps looking for work after its last before it sleeps.</summary>
    public const int SpinMicroseconds = 500;

    private static readonly long SpinTicks = Stopwatch.Frequency * SpinMicroseconds / 1_000_000;
    private static readonly ConcurrentQueue<Work> Urgent = new(), Background = new();
    private static readonly SemaphoreSlim Wake = new(0);
    private static int _sleeping; // 1 while the helper waits (or is about to wait) on Wake
    private static Thread? _thread;
    private static readonly Lock StartLock = new();

    /// <summary>Work the helper can run. <see cref="Run"/> must not throw (a part's exception is kept for the poster).</summary>
    public abstract class Work
    {
        /// <summary>Runs on the helper thread, with the poster's flush-to-zero setting.</summary>
        public abstract void Run();

        /// <summary>Whether the poster computed with denormals flushed (TF's setting inside a run), which the helper then copies.</summary>
        internal bool Flush;
    }

    // Back-off: every Window posts, the helper's share of their parts is checked; under a quarter (the second core is
    // busy with other work: a helper with a core of its own should take about half) posting stops for a pause, so a spinning
    // helper does not take the caller's own core from it; then it is tried again. The pause starts at
    // PauseMilliseconds and doubles with each poor window in a row up to MaxPauseMilliseconds (a machine that stays
    // busy costs the probes ~1% of the time), back to the start after a good one.
    private const int Window = 32, PauseMilliseconds = 50, MaxPauseMilliseconds = 1600;
    private static int _windowPosts, _windowParts, _windowHelped, _pauseMilliseconds = PauseMilliseconds;

    /// <summary>Diagnostics (bench mnist prints them; not synchronized): parts posted, parts the helper did, parts the poster redid, pauses.</summary>
    internal static long PostedParts, HelperParts, RedoneParts, Pauses;
    private static long _pausedUntil;

    /// <summary>Whether posting is worth it now: <see cref="Enabled"/>, and the helper has been taking its share lately.</summary>
    public static bool Worthwhile => Enabled && Stopwatch.GetTimestamp() >= Volatile.Read(ref _pausedUntil);

    /// <summary>Records how many of a posted work's <paramref name="parts"/> the helper did (the back-off above).</summary>
    public static void Helped(int parts, int helped)
    {
        PostedParts += parts;
        HelperParts += helped;
        int posts = Interlocked.Increment(ref _windowPosts);
        Interlocked.Add(ref _windowParts, parts);
        Interlocked.Add(ref _windowHelped, helped);
        if (posts < Window) return;
        bool poor = 4 * Interlocked.Exchange(ref _windowHelped, 0) < Interlocked.Exchange(ref _windowParts, 0);
        Volatile.Write(ref _windowPosts, 0);
        if (!poor)
        {
            Volatile.Write(ref _pauseMilliseconds, PauseMilliseconds);
            return;
        }
        Pauses++;
        int pause = Volatile.Read(ref _pauseMilliseconds);
        Volatile.Write(ref _pausedUntil, Stopwatch.GetTimestamp() + Stopwatch.Frequency * pause / 1000);
        Volatile.Write(ref _pauseMilliseconds, Math.Min(2 * pause, MaxPauseMilliseconds));
    }

    /// <summary>
    /// Hands <paramref name="work"/> to the helper (started on first use). No-op when not <see cref="Enabled"/>.
    /// <see cref="Parts"/> go before background work (<see cref="Ahead{T}"/>), which the helper interrupts between its
    /// steps to take them: the caller waits on the parts, not on the copy ahead.
    /// </summary>
    public static void Post(Work work)
    {
        if (!Enabled) return;
        bool background = work is IBackground;
        work.Flush = !background && FlushToZero.IsOn; // a background copy is exact under either setting
        EnsureStarted();
        (background ? Background : Urgent).Enqueue(work);
        if (Interlocked.CompareExchange(ref _sleeping, 0, 1) == 1) Wake.Release();
    }

    /// <summary>Marks work the helper does only when no <see cref="Parts"/> wait.</summary>
    private interface IBackground;

    /// <summary>On the helper, between the steps of background work: runs every waiting part-work first.</summary>
    private static void RunUrgent()
    {
        while (Urgent.TryDequeue(out var work)) RunOne(work);
    }

    private static void RunOne(Work work)
    {
        if (work.Flush)
            using (FlushToZero.Enter()) work.Run();
        else work.Run();
    }

    private static void EnsureStarted()
    {
        if (Volatile.Read(ref _thread) is not null) return;
        lock (StartLock)
        {
            if (_thread is not null) return;
            var t = new Thread(Loop) { IsBackground = true, Name = "Bridge helper" };
            t.Start();
            Volatile.Write(ref _thread, t);
        }
    }

    private static void Loop()
    {
        long last = Stopwatch.GetTimestamp();
        while (true)
        {
            if (Urgent.TryDequeue(out var work) || Background.TryDequeue(out work))
            {
                RunOne(work);
                last = Stopwatch.GetTimestamp();
                continue;
            }
            if (Stopwatch.GetTimestamp() - last < SpinTicks)
            {
                Thread.Yield(); // a busy core runs its other work meanwhile
                continue;
            }
            Interlocked.Exchange(ref _sleeping, 1); // a full fence: a post after this sees 1, or the queue check below sees it
            if ((!Urgent.IsEmpty || !Background.IsEmpty) && Interlocked.CompareExchange(ref _sleeping, 0, 1) == 1)
            {
                last = Stopwatch.GetTimestamp();
                continue;
            }
            Wake.Wait(); // also when a poster took the 1 first: its Release is then pending
            last = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>
    /// Work in <see cref="Count"/> independent parts, taken by the poster from the first and by the helper from the
    /// last; <see cref="RunAll"/> returns when every part's result is in place. The helper writes its parts into
    /// buffers of its own, which the poster copies over once done; a helper part still running when the poster has
    /// nothing else left (the helper was descheduled, or started late) is waited for about two parts' time, then the
    /// poster computes it itself and leaves the helper's copy to be dropped (<see cref="Abandoned"/>: the job's own
    /// buffers may then still be written by the helper, so the poster must not reuse them). The poster thus never
    /// waits long on a second core that other work holds, and results never depend on who computed a part.
    /// </summary>
    public abstract class Parts : Work
    {
        private const int Free = 0, HelperRunning = 1, HelperDone = 2, Posters = 3;
        private int[] _state = [];

        /// <summary>How many parts.</summary>
        protected abstract int Count { get; }

        /// <summary>Computes part <paramref name="index"/>: into the output on the poster, into the job's own buffers on the helper.</summary>
        protected abstract void RunPart(int index, bool onHelper);

        /// <summary>On the poster: copies a part the helper finished from the job's buffers into the output.</summary>
        protected abstract void TakeHelperPart(int index);

        /// <summary>Whether a helper part was left running: the job's buffers may still be written by the helper.</summary>
        public bool Abandoned { get; private set; }

        /// <inheritdoc/>
        public sealed override void Run()
        {
            var state = Volatile.Read(ref _state);
            for (int i = state.Length - 1; i >= 0; i--)
            {
                if (Interlocked.CompareExchange(ref state[i], HelperRunning, Free) != Free) return; // the poster got here first
                try { RunPart(i, onHelper: true); }
                catch { return; } // left HelperRunning: the poster computes it again (and sees the exception itself)
                if (Interlocked.CompareExchange(ref state[i], HelperDone, HelperRunning) != HelperRunning) return; // abandoned
            }
        }

        /// <summary>Posts this work, takes parts on the calling thread, then gathers (or redoes) the helper's.</summary>
        public void RunAll()
        {
            int count = Count;
            var state = new int[count];
            Volatile.Write(ref _state, state);
            bool posted = count > 1 && Worthwhile;
            if (posted) Post(this);
            long own = 0;
            int ownParts = 0;
            for (int i = 0; i < count; i++)
                if (Interlocked.CompareExchange(ref state[i], Posters, Free) == Free)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    RunPart(i, onHelper: false);
                    own += Stopwatch.GetTimestamp() - t0;
                    ownParts++;
                }
            int helpedParts = 0;
            long patience = Math.Max(2 * own / Math.Max(ownParts, 1), Stopwatch.Frequency / 500_000); // two parts, at least 2 us
            for (int i = 0; i < count; i++)
            {
                if (Volatile.Read(ref state[i]) == Posters) continue;
                long until = Stopwatch.GetTimestamp() + patience;
                while (Volatile.Read(ref state[i]) == HelperRunning && Stopwatch.GetTimestamp() < until) Thread.Yield();
                if (Volatile.Read(ref state[i]) == HelperDone || Interlocked.CompareExchange(ref state[i], Posters, HelperRunning) == HelperDone)
                {
                    TakeHelperPart(i);
                    helpedParts++;
                }
                else
                {
                    Abandoned = true;
                    RedoneParts++;
                    RunPart(i, onHelper: false);
                }
            }
            if (posted) Helped(count, helpedParts);
        }
    }

    /// <summary>
    /// One piece of work the helper may do ahead of time (the next mini-batch), in steps, or the caller when it needs
    /// the result first: <see cref="Take"/> returns the helper's result if finished, waits a little if it is under way,
    /// and otherwise has the caller compute it (a result the helper finishes after that is dropped). Between steps
    /// the helper takes any waiting <see cref="Parts"/>.
    /// </summary>
    public abstract class Ahead<T> : Work, IBackground where T : class
    {
        private const int Free = 0, HelperRunning = 1, HelperDone = 2, Callers = 3;
        private int _state;
        private T? _result;

        /// <summary>How many steps.</summary>
        protected abstract int Steps { get; }

        /// <summary>Fresh storage for the result.</summary>
        protected abstract T Begin();

        /// <summary>Step <paramref name="index"/> of filling <paramref name="result"/>.</summary>
        protected abstract void Step(T result, int index);

        private T Compute()
        {
            var result = Begin();
            for (int i = 0; i < Steps; i++) Step(result, i);
            return result;
        }

        /// <inheritdoc/>
        public sealed override void Run()
        {
            if (Interlocked.CompareExchange(ref _state, HelperRunning, Free) != Free) return;
            T result;
            try
            {
                result = Begin();
                for (int i = 0; i < Steps; i++)
                {
                    if (Volatile.Read(ref _state) != HelperRunning) return; // dropped
                    Step(result, i);
                    RunUrgent();
                }
            }
            catch { return; } // the caller computes it (and sees the exception itself)
            _result = result;
            Interlocked.CompareExchange(ref _state, HelperDone, HelperRunning);
        }

        /// <summary>The result: the helper's if ready (or ready within <paramref name="patienceMicroseconds"/>), else computed here.</summary>
        public T Take(int patienceMicroseconds)
        {
            if (Interlocked.CompareExchange(ref _state, Callers, Free) == Free)
            {
                Helped(1, 0);
                return Compute();
            }
            long until = Stopwatch.GetTimestamp() + Stopwatch.Frequency * patienceMicroseconds / 1_000_000;
            while (Volatile.Read(ref _state) == HelperRunning && Stopwatch.GetTimestamp() < until) Thread.Yield();
            bool done = Volatile.Read(ref _state) == HelperDone || Interlocked.CompareExchange(ref _state, Callers, HelperRunning) == HelperDone;
            Helped(1, done ? 1 : 0);
            return done ? Volatile.Read(ref _result)! : Compute();
        }

        /// <summary>Drops this work: the helper will not start it (one under way stops at its next step).</summary>
        public void Cancel() => Interlocked.Exchange(ref _state, Callers);
    }
}
