using Bridge.Runtime;

namespace Bridge.Interop;

/// <summary>
/// One <c>Session.run</c> call shape (fetches and fed tensors) prepared for Python, so that each run is one call
/// across the boundary: arguments and results travel through two buffers Python owns, not through marshalled lists.
/// </summary>
/// <remarks>
/// <para>The metadata buffer is an int64 array. Before <see cref="Run"/>, record <c>i</c> (at <c>i * Record</c>) describes
/// feed <c>i</c>: <c>address, dtype code, rank, dims[MaxRank]</c>; a feed of <see cref="PythonInterop.LendFeedBytes"/> or
/// more is read at that address during the run (lent, not copied), so Python holds the array until Run returns. After
/// it, record <c>j</c> describes fetched tensor <c>j</c>: <c>dtype code, rank, dims[MaxRank], scratch offset</c>; the offset is -1 when the value did not fit the
/// scratch buffer, and Python then writes a destination address into that slot and calls <see cref="CopyLarge"/>; it is
/// -2 when the value is the run's alone (no variable, constant, queue or other result shares its storage) and large:
/// Python then takes it without a copy through <see cref="Pin"/>, as TF 1.x hands a tensor with one reference to numpy.</para>
/// <para>Small results are copied into the scratch buffer, so a run of a small graph costs one call.</para>
/// </remarks>
public sealed class PreparedRun
{
    /// <summary>The length of one feed or result record in the metadata buffer, in int64 slots.</summary>
    public const int Record = 3 + PythonInterop.MaxRank;

    private readonly Session _session;
    private readonly ITensorOrOperation[] _fetches;
    private readonly Tensor[] _feedKeys;
    private readonly long _meta;
    private readonly int _metaLength;
    private readonly long _scratch;
    private readonly int _scratchBytes;
    private NDArray?[]? _pending;
    private bool[] _owned = [];

    internal PreparedRun(Session session, ITensorOrOperation[] fetches, Tensor[] feedKeys, long meta, int metaLength, long scratch, int scratchBytes)
    {
        int records = Math.Max(fetches.Length, feedKeys.Length);
        if (metaLength < records * Record)
            throw new ValueError($"PreparedRun: the metadata buffer has {metaLength} slots, {records * Record} are needed.");
        _session = session;
        _fetches = fetches;
        _feedKeys = feedKeys;
        _meta = meta;
        _metaLength = metaLength;
        _scratch = scratch;
        _scratchBytes = scratchBytes;
    }

    /// <summary>Runs with the feeds described in the metadata buffer; returns how many results await <see cref="CopyLarge"/>.</summary>
    public int Run()
    {
        var meta = Meta();
        var feeds = new FeedItem[_feedKeys.Length];
        NDArray?[] results;
        // Large feeds are read in place (PythonInterop.Feed); their loans end with the run, whatever happens: every
        // value that outlives it (a result, a variable's, a queue's) was copied out by then (NDArray.Detached).
        // A list of this call's own: a run a signal handler starts during this one (which the session refuses) must
        // not end this run's loans.
        List<ForeignMemory>? loans = null;
        try
        {
            for (int i = 0; i < feeds.Length; i++)
            {
                var r = meta.Slice(i * Record, Record);
                int rank = (int)r[2];
                if (rank > PythonInterop.MaxRank) throw new ValueError($"Session.run: arrays of rank {rank} cannot be fed (at most {PythonInterop.MaxRank}).");
                feeds[i] = new FeedItem(_feedKeys[i], PythonInterop.Feed(r[0], r.Slice(3, rank).ToArray(), (int)r[1], ref loans));
            }
            if (_owned.Length != _fetches.Length) _owned = new bool[_fetches.Length];
            results = RunWithSignals(feeds, _owned);
        }
        finally
        {
            if (loans is not null)
                foreach (var loan in loans) loan.Revoke();
        }
        int large = 0, offset = 0;
        for (int j = 0; j < results.Length; j++)
        {
            var r = meta.Slice(j * Record, Record);
            if (results[j] is not { } nd) { r[0] = -1; continue; }
            if (nd.ndim > PythonInterop.MaxRank) throw new ValueError($"Session.run: results of rank {nd.ndim} cannot be fetched (at most {PythonInterop.MaxRank}).");
            var text = nd.dtype == TF_DataType.TF_STRING ? PythonInterop.ScalarBytes(nd, $"fetch {j} ('{FetchName(j)}')") : null;
            long bytes;
            if (text is null)
            {
                r[0] = PythonInterop.CodeOf(nd.dtype);
                r[1] = nd.ndim;
                nd.Dims.CopyTo(r.Slice(2, PythonInterop.MaxRank));
                bytes = PythonInterop.ByteLength(nd.Storage);
            }
            else
            {
                // A scalar string: rank 0, its length in bytes where the first dimension would be.
                r[0] = PythonInterop.BytesCode;
                r[1] = 0;
                r[2] = bytes = text.Length;
            }
            // 8-byte aligned offsets, so numpy views of the scratch buffer are aligned for every dtype.
            if (offset + bytes <= _scratchBytes)
            {
                if (bytes > 0) (text ?? PythonInterop.RawBytes(nd.Storage)).CopyTo(PythonInterop.NativeBytes(_scratch + offset, bytes));
                r[Record - 1] = offset;
                offset += (int)((bytes + 7) & ~7L);
                results[j] = null;
            }
            else
            {
                r[Record - 1] = text is null && _owned[j] && PythonInterop.Pinnable(nd.Storage) ? -2 : -1;
                large++;
            }
        }
        _pending = large > 0 ? results : null;
        return large;
    }

    /// <summary>The run, stoppable by Ctrl-C between ops when called from Python's main thread (see <see cref="PythonSignals"/>).</summary>
    private NDArray?[] RunWithSignals(FeedItem[] feeds, bool[] owned)
    {
        if (PythonSignals.HookForCurrentThread() is not { } hook) return _session.RunForInterop(_fetches, feeds, owned);
        var previous = RunInterrupt.Current;
        RunInterrupt.Current = hook;
        try { return _session.RunForInterop(_fetches, feeds, owned); }
        finally { RunInterrupt.Current = previous; }
    }

    /// <summary>
    /// Result <paramref name="j"/> (its record's offset -2) without a copy: its storage pinned, as <c>{address, handle}</c>;
    /// numpy's array over that address keeps the handle, and <see cref="PythonInterop.Unpin"/> frees it when the array
    /// dies. The result is then no longer the run's (<see cref="CopyLarge"/> skips it).
    /// </summary>
    public long[] Pin(int j)
    {
        if (_pending is not { } pending || (uint)j >= (uint)pending.Length || pending[j] is not { } nd || !_owned[j])
            throw new RuntimeError($"PreparedRun.Pin: result {j} is not waiting to be taken without a copy.");
        pending[j] = null;
        return PythonInterop.Pin(nd.Storage);
    }

    /// <summary>Copies each result that did not fit the scratch buffer to the address Python wrote in its record's last slot.</summary>
    public void CopyLarge()
    {
        var pending = _pending ?? throw new RuntimeError("PreparedRun.CopyLarge: no run is waiting for its results.");
        _pending = null;
        var meta = Meta();
        for (int j = 0; j < pending.Length; j++)
            if (pending[j] is { } nd)
            {
                long destination = meta[j * Record + Record - 1];
                if (nd.dtype == TF_DataType.TF_STRING)
                {
                    var text = PythonInterop.ScalarBytes(nd, $"fetch {j} ('{FetchName(j)}')");
                    text.CopyTo(PythonInterop.NativeBytes(destination, text.Length));
                }
                else PythonInterop.CopyTo(nd, destination);
            }
    }

    private string FetchName(int j) => _fetches[j] switch
    {
        Tensor t => t.name,
        Variable v => v.name,
        Operation o => o.name,
        var f => f.ToString() ?? "?",
    };

    private unsafe Span<long> Meta() => new((void*)_meta, _metaLength);
}
