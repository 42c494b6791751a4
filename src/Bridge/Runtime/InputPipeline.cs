using System.Text;
using Bridge.Philox;

namespace Bridge.Runtime;

/// <summary>
/// One session's input pipeline (TF 1.x's queues, readers and queue runners): the state behind the <see cref="IoOps"/>
/// ops, evaluated by the executor (<see cref="OpRole.Resource"/>).
/// </summary>
/// <remarks>
/// TF runs each queue runner on threads of its own that keep their queue filled. Bridge runs none: when a dequeue
/// needs more elements than its queue holds, the queue's started runners run their enqueue op (a run of its own,
/// inside the waiting run) one element batch at a time until it has them: a FIFOQueue up to what the dequeue needs, a
/// RandomShuffleQueue up to its capacity (TF's steady state when the input is faster than the consumer), so that the
/// order of elements, keys and epochs is deterministic. What differs from TF's threads: nothing is read ahead (a
/// queue's size is what the runs so far needed), an enqueue beyond a queue's capacity does not block, a dequeue that
/// TF would wait on forever (no runner started, or all stopped) is a FailedPreconditionError, and an error in a
/// runner's enqueue (a bad CSV line) is raised by the run that needed the elements, not only by coord.join().
/// </remarks>
internal sealed class InputPipeline
{
    private readonly Action<Operation> _run;
    private readonly Dictionary<Operation, QueueState> _queues = new();
    private readonly Dictionary<Operation, ReaderState> _readers = new();
    private readonly Dictionary<Operation, ProducerState> _producers = new();
    private readonly Dictionary<Operation, List<RunnerState>> _runners = new();
    private readonly HashSet<QueueState> _filling = [];
    private int _nextId;

    /// <param name="run">Runs one op as a run of its own (a runner's <c>sess.run(enqueue_op)</c>).</param>
    public InputPipeline(Action<Operation> run) => _run = run;

    public NDArray[] Evaluate(Operation op, NDArray[] x)
    {
        var d = op.Def;
        if (d == IoOps.FIFOQueueV2 || d == IoOps.RandomShuffleQueueV2) return [Text(QueueOf(op).Name)];
        if (d == IoOps.TextLineReaderV2) return [Text(ReaderOf(op).Name)];
        if (d == IoOps.QueueEnqueueV2) { Enqueue(op, QueueOf(op.Inputs[0].op), x[1..]); return []; }
        if (d == IoOps.QueueEnqueueManyV2) { EnqueueMany(op, QueueOf(op.Inputs[0].op), x[1..]); return []; }
        if (d == IoOps.QueueCloseV2) { QueueOf(op.Inputs[0].op).Closed = true; return []; }
        if (d == IoOps.QueueSizeV2) return [new NDArray(new[] { QueueOf(op.Inputs[0].op).Items.Count }, [])];
        if (d == IoOps.QueueDequeueV2) return Take(op, QueueOf(op.Inputs[0].op), 1, false)[0];
        if (d == IoOps.QueueDequeueManyV2 || d == IoOps.QueueDequeueUpToV2)
        {
            var a = (DequeueAttr)op.Attr!;
            var q = QueueOf(op.Inputs[0].op);
            return Stack(Take(op, q, a.N, d == IoOps.QueueDequeueUpToV2), q);
        }
        if (d == IoOps.ReaderReadV2) return Read(op);
        if (d == IoOps.LimitEpochsInit)
        {
            var producer = ((EpochsInitAttr)op.Attr!).Producer;
            ProducerOf(producer).Epochs = 0;
            return [];
        }
        throw new InvalidOperationException($"{op.type} is not an input pipeline op");
    }

    /// <summary>Starts a runner in this session (tf.train.start_queue_runners); a coordinator's stop stops it and closes its queue.</summary>
    public void Start(QueueRunner qr, Coordinator? coord)
    {
        var queueOp = qr.queue.queue_ref.op;
        if (!_runners.TryGetValue(queueOp, out var list)) _runners[queueOp] = list = [];
        if (list.Exists(r => r.Runner == qr && !r.Stopped)) return;
        var state = new RunnerState(qr, coord);
        list.Add(state);
        coord?.OnStop(() =>
        {
            state.Stopped = true;
            QueueOf(queueOp).Closed = true; // the runner's cancel_op
        });
    }

    private static NDArray Text(string s) => new(new[] { Encoding.UTF8.GetBytes(s) }, []);

    private string ResourceName(Operation op, string? shared) => string.IsNullOrEmpty(shared) ? $"_{_nextId++}_{op.name}" : shared;

    private QueueState QueueOf(Operation queueOp)
    {
        if (!_queues.TryGetValue(queueOp, out var q))
        {
            if (queueOp.Attr is not QueueAttr a)
                throw new InvalidArgumentError($"'{queueOp.name}' ({queueOp.type}) is not a queue. - help: pass a queue made by tf.FIFOQueue, tf.RandomShuffleQueue or tf.train.string_input_producer.");
            _queues[queueOp] = q = new QueueState(a, ResourceName(queueOp, a.SharedName));
        }
        return q;
    }

    private ReaderState ReaderOf(Operation readerOp)
    {
        if (!_readers.TryGetValue(readerOp, out var r))
            _readers[readerOp] = r = new ReaderState(ResourceName(readerOp, null), ((ReaderAttr)readerOp.Attr!).SkipHeaderLines);
        return r;
    }

    // --- enqueue ------------------------------------------------------------------------------------------------

    private static void CheckOpen(QueueState q)
    {
        if (q.Closed) throw new CancelledError($"{q.Attr.Kind} '{q.Name}' is closed. - help: enqueue before closing the queue (coord.request_stop() closes the runners' queues).");
    }

    private static void CheckComponent(QueueState q, int i, NDArray v, ReadOnlySpan<long> dims)
    {
        if (q.Attr.Shapes is { } s && !dims.SequenceEqual(s[i].Dims))
            throw new InvalidArgumentError($"Shape mismatch in tuple component {i}. Expected {s[i].ToTfString()}, got {new Shape(dims.ToArray()).ToTfString()}");
    }

    private static void Enqueue(Operation op, QueueState q, NDArray[] components)
    {
        CheckOpen(q);
        for (int i = 0; i < components.Length; i++) CheckComponent(q, i, components[i], components[i].Dims);
        q.Items.Add(components);
    }

    private void EnqueueMany(Operation op, QueueState q, NDArray[] components)
    {
        var p = (ProducerAttr)op.Attr!;
        if (p.IsProducer) components = Produce(op, p, components);
        CheckOpen(q);
        long n = components[0].ndim == 0 ? -1 : components[0].Dims[0];
        for (int i = 0; i < components.Length; i++)
            if (components[i].ndim == 0 || components[i].Dims[0] != n)
                throw new InvalidArgumentError($"{op.RunTimeName}: every component must have the same first dimension (the number of elements), but component {i} has shape {components[i].shape.ToTfString()} and component 0 {components[0].shape.ToTfString()}.");
        for (int i = 0; i < components.Length; i++) CheckComponent(q, i, components[i], components[i].Dims[1..]);
        for (long k = 0; k < n; k++)
            q.Items.Add(components.Select(c => Row(c, k)).ToArray());
    }

    /// <summary>TF 1.x's input_producer in front of the enqueue_many: the size assert, the epoch limit, the shuffle.</summary>
    private NDArray[] Produce(Operation op, ProducerAttr p, NDArray[] components)
    {
        var values = components[0];
        if (values.size == 0)
            throw new InvalidArgumentError("assertion failed: [string_input_producer requires a non-null input tensor]");
        var state = ProducerOf(op);
        if (p.NumEpochs is int limit)
        {
            // limit_epochs: CountUpTo on a local variable, which fails once it reached the limit.
            if (state.Epochs is null)
            {
                var name = op.graph.Operations.FirstOrDefault(o => o.Attr is EpochsInitAttr e && e.Producer == op)?.Attr is EpochsInitAttr ea ? ea.VariableName : "limit_epochs/epochs";
                throw new FailedPreconditionError($"Attempting to use uninitialized value {name}. - help: run sess.run(tf.local_variables_initializer()) before starting the queue runners (num_epochs counts in a local variable).");
            }
            if (state.Epochs >= limit) throw new OutOfRangeError($"Reached limit of {limit}");
            state.Epochs++;
        }
        if (!p.Shuffle || values.Dims[0] <= 1) return components;
        // TF's RandomShuffle kernel: n - 1 samples reserved from the op's guarded Philox, then a Fisher-Yates pass
        // that swaps element i with i + (next u32 % (n - i)).
        long n = values.Dims[0];
        var local = state.Generator!.Clone();
        state.Generator.Skip((ulong)((n - 1 + 3) / 4));
        var sample = new SingleSample(local);
        var order = Enumerable.Range(0, (int)n).ToArray();
        for (int i = 0; i < n - 1; i++)
        {
            int j = i + (int)(sample.Next() % (uint)(n - i));
            (order[i], order[j]) = (order[j], order[i]);
        }
        var storage = Array.CreateInstance(values.Storage.GetType().GetElementType()!, values.size);
        long rowSize = values.size / n;
        for (int i = 0; i < n; i++) Array.Copy(values.Storage, order[i] * rowSize, storage, i * rowSize, rowSize);
        return [new NDArray(storage, values.Dims.ToArray())];
    }

    private ProducerState ProducerOf(Operation enqueue)
    {
        if (!_producers.TryGetValue(enqueue, out var state))
            _producers[enqueue] = state = new ProducerState((ProducerAttr)enqueue.Attr!);
        return state;
    }

    private static NDArray Row(NDArray a, long k)
    {
        long rowSize = a.Dims[0] == 0 ? 0 : a.size / a.Dims[0];
        var storage = Array.CreateInstance(a.Storage.GetType().GetElementType()!, rowSize);
        Array.Copy(a.Storage, k * rowSize, storage, 0, rowSize);
        return new NDArray(storage, a.Dims[1..].ToArray());
    }

    // --- dequeue ------------------------------------------------------------------------------------------------

    /// <summary>Takes <paramref name="n"/> elements (fewer, once the queue is closed, if <paramref name="allowSmall"/>), filling the queue through its runners.</summary>
    private List<NDArray[]> Take(Operation op, QueueState q, int n, bool allowSmall)
    {
        var taken = new List<NDArray[]>();
        bool shuffle = q.Attr.Kind == "RandomShuffleQueue";
        while (taken.Count < n)
        {
            int need = n - taken.Count;
            if (shuffle) Fill(op, q, q.Attr.Capacity, q.Attr.MinAfterDequeue + 1);
            else Fill(op, q, need, need);
            if (q.Closed && q.Items.Count < need)
            {
                if (allowSmall && q.Items.Count + taken.Count > 0)
                {
                    while (q.Items.Count > 0) taken.Add(q.TakeOne());
                    break;
                }
                int size = q.Items.Count;
                // TF puts the elements taken so far back, then fails.
                for (int i = taken.Count - 1; i >= 0; i--) q.Items.Insert(shuffle ? q.Items.Count : 0, taken[i]);
                throw new OutOfRangeError($"{q.Attr.Kind} '{q.Name}' is closed and has insufficient elements (requested {need}, current size {size})");
            }
            int available = q.Closed ? q.Items.Count : q.Items.Count - q.Attr.MinAfterDequeue;
            for (; available > 0 && taken.Count < n; available--) taken.Add(q.TakeOne());
        }
        return taken;
    }

    /// <summary>Runs the queue's started runners until it holds <paramref name="desired"/> elements or is closed; fewer than <paramref name="minimum"/> without a runner is an error (TF would wait forever).</summary>
    private void Fill(Operation op, QueueState q, int desired, int minimum)
    {
        if (q.Closed || q.Items.Count >= desired) return;
        if (!_filling.Add(q))
            throw new FailedPreconditionError($"{op.RunTimeName}: the enqueue op of {q.Attr.Kind} '{q.Name}' dequeues from the same queue, so filling it would never end. - help: fill a queue from other tensors.");
        try
        {
            var queueOp = _queues.First(kv => kv.Value == q).Key;
            int idle = 0;
            while (!q.Closed && q.Items.Count < desired)
            {
                var runner = _runners.GetValueOrDefault(queueOp)?.Find(r => !r.Stopped && !r.Done && r.Error is null);
                if (runner is null)
                {
                    if (q.Items.Count >= minimum) return;
                    throw new FailedPreconditionError(
                        $"{op.RunTimeName}: {q.Attr.Kind} '{q.Name}' holds {q.Items.Count} element(s), fewer than this run needs, and no queue runner is filling it, so TF would wait forever. " +
                        "- help: start the runners before running ops that dequeue: coord = tf.train.Coordinator(); threads = tf.train.start_queue_runners(sess: sess, coord: coord) (coord.request_stop() stops them).");
                }
                int before = q.Items.Count;
                RunOnce(runner, q);
                // A runner whose enqueue adds nothing (an empty batch, run after run) would spin forever.
                idle = q.Items.Count > before || q.Closed ? 0 : idle + 1;
                if (idle >= 1000)
                    throw new FailedPreconditionError($"{op.RunTimeName}: the queue runner of {q.Attr.Kind} '{q.Name}' ran its enqueue op {idle} times without adding an element, so this run would never get one. - help: make the enqueue op add elements (enqueue_many of an empty batch adds none).");
            }
        }
        finally { _filling.Remove(q); }
    }

    private void RunOnce(RunnerState runner, QueueState q)
    {
        var ops = runner.Runner.enqueue_ops;
        var enqueue = ops[runner.Next++ % ops.Length];
        try
        {
            _run(enqueue);
        }
        catch (OutOfRangeError)
        {
            // The input ran out: TF's runner threads end, and the last one runs the queue's close op.
            runner.Done = true;
            q.Closed = true;
        }
        catch (BridgeException e)
        {
            // TF's runner reports the error to its coordinator (coord.join re-raises it), which closes the queues.
            runner.Error = e;
            runner.Coordinator?.request_stop(e);
            throw;
        }
    }

    private static NDArray[] Stack(List<NDArray[]> elements, QueueState q)
    {
        var types = q.Attr.DTypes;
        var result = new NDArray[types.Length];
        for (int c = 0; c < types.Length; c++)
        {
            var shape = q.Attr.Shapes![c].dims;
            long rowSize = 1;
            foreach (var d in shape) rowSize *= d;
            var storage = Array.CreateInstance(types[c].ClrType(), elements.Count * rowSize);
            for (int i = 0; i < elements.Count; i++) Array.Copy(elements[i][c].Storage, 0, storage, i * rowSize, rowSize);
            result[c] = new NDArray(storage, [elements.Count, .. shape]);
        }
        return result;
    }

    // --- readers ------------------------------------------------------------------------------------------------

    /// <summary>TF's ReaderBase::Read with TextLineReader's ReadLocked: the next line, dequeuing the next file at each file's end.</summary>
    private NDArray[] Read(Operation op)
    {
        var reader = ReaderOf(op.Inputs[0].op);
        var q = QueueOf(op.Inputs[1].op);
        while (true)
        {
            if (reader.Lines is null)
            {
                var work = Take(op, q, 1, false)[0];
                if (work.Length != 1 || work[0].dtype != TF_DataType.TF_STRING || work[0].size != 1)
                    throw new InvalidArgumentError($"{op.RunTimeName}: Expected to dequeue a one-element string tensor, but the queue's elements are {string.Join(", ", work.Select(w => w.dtype.as_numpy_name() + " " + w.shape))}. - help: read from a queue of filenames (tf.train.string_input_producer).");
                reader.Start(work[0].Data<byte[]>()[0], op);
            }
            if (reader.TryReadLine(out var key, out var value))
            {
                reader.Produced++;
                return [new NDArray(new[] { key }, []), new NDArray(new[] { value }, [])];
            }
            reader.Lines = null;
        }
    }

    /// <summary>One queue's elements and state.</summary>
    private sealed class QueueState
    {
        private readonly SingleSample? _sample;

        public QueueState(QueueAttr attr, string name)
        {
            Attr = attr;
            Name = name;
            if (attr.Kind == "RandomShuffleQueue")
            {
                // TF: seeds (0, 0) mean "random seeds"; otherwise PhiloxRandom(seed, seed2) read one u32 at a time.
                var (s1, s2) = attr.Seed == 0 && attr.Seed2 == 0 ? (System.Random.Shared.NextInt64(), System.Random.Shared.NextInt64()) : (attr.Seed, attr.Seed2);
                _sample = new SingleSample(new TfPhilox(s1, s2));
            }
        }

        public QueueAttr Attr { get; }
        public string Name { get; }
        public List<NDArray[]> Items { get; } = [];
        public bool Closed { get; set; }

        /// <summary>FIFO: the oldest element. RandomShuffleQueue: TF's DequeueLocked: index = u32 % size, the last element moves into its place.</summary>
        public NDArray[] TakeOne()
        {
            int index = _sample is null ? 0 : (int)(_sample.Next() % (uint)Items.Count);
            var item = Items[index];
            if (_sample is null) Items.RemoveAt(0);
            else
            {
                Items[index] = Items[^1];
                Items.RemoveAt(Items.Count - 1);
            }
            return item;
        }
    }

    /// <summary>TF's SingleSampleAdapter over Philox: the 4 words of each block, one at a time.</summary>
    private sealed class SingleSample(TfPhilox generator)
    {
        private readonly uint[] _block = new uint[4];
        private int _used = 4;

        public uint Next()
        {
            if (_used == 4)
            {
                generator.NextBlock(_block);
                _used = 0;
            }
            return _block[_used++];
        }
    }

    /// <summary>An input producer's epoch counter and shuffle generator.</summary>
    private sealed class ProducerState
    {
        public ProducerState(ProducerAttr p)
        {
            if (p.Shuffle)
            {
                var (s1, s2) = p.Seed == 0 && p.Seed2 == 0 ? (System.Random.Shared.NextInt64(), System.Random.Shared.NextInt64()) : (p.Seed, p.Seed2);
                Generator = new TfPhilox(s1, s2);
            }
        }

        public TfPhilox? Generator { get; }

        /// <summary>Epochs produced; null until tf.local_variables_initializer() ran.</summary>
        public long? Epochs { get; set; }
    }

    /// <summary>A started queue runner.</summary>
    private sealed class RunnerState(QueueRunner runner, Coordinator? coordinator)
    {
        public QueueRunner Runner { get; } = runner;
        public Coordinator? Coordinator { get; } = coordinator;
        public int Next { get; set; }
        public bool Done { get; set; }
        public bool Stopped { get; set; }
        public Exception? Error { get; set; }
    }

    /// <summary>A TextLineReader: the lines of its current file (TF 1.0's InputBuffer::ReadLine), its position and counters.</summary>
    private sealed class ReaderState(string name, int skipHeaderLines)
    {
        private byte[] _work = [];
        private int _line;

        public string Name { get; } = name;
        public List<byte[]>? Lines { get; set; }
        public long Produced { get; set; }

        public void Start(byte[] filename, Operation op)
        {
            var path = Encoding.UTF8.GetString(filename);
            byte[] bytes;
            try { bytes = File.ReadAllBytes(path); }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new NotFoundError($"{path}; No such file or directory (read by {op.RunTimeName}). - help: check the filename given to tf.train.string_input_producer; a relative name is relative to the current directory ({Environment.CurrentDirectory}).");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InvalidArgumentError($"{path}: {e.Message} (read by {op.RunTimeName}).", e);
            }
            _work = filename;
            Lines = SplitLines(bytes);
            _line = 0;
            // Header lines count in the keys' line numbers; a file shorter than the header is simply done.
            for (; _line < skipHeaderLines && _line < Lines.Count; _line++) { }
            if (_line < skipHeaderLines) _line = int.MaxValue;
        }

        public bool TryReadLine(out byte[] key, out byte[] value)
        {
            key = value = [];
            if (Lines is null || _line >= Lines.Count) return false;
            value = Lines[_line++];
            key = [.. _work, .. Encoding.UTF8.GetBytes($":{_line}")];
            return true;
        }

        // '\n' ends a line and is dropped, every '\r' is dropped, and a last line without '\n' counts if it is not empty.
        private static List<byte[]> SplitLines(byte[] bytes)
        {
            var lines = new List<byte[]>();
            var current = new List<byte>();
            foreach (var b in bytes)
            {
                if (b == (byte)'\n') { lines.Add(current.ToArray()); current.Clear(); }
                else if (b != (byte)'\r') current.Add(b);
            }
            if (current.Count > 0) lines.Add(current.ToArray());
            return lines;
        }
    }
}
