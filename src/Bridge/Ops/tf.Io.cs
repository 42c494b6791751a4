using Bridge.Philox;
using Bridge.Runtime;

namespace Bridge;

// TF 1.x's reading pipeline (tensorflow.org's "Reading data", lab 04-4): queues, queue runners, the text line reader and
// decode_csv. The queues, readers and runners live in the session (Runtime/InputPipeline.cs); a queue runner's enqueue
// op runs when a dequeue needs elements, instead of on a thread of its own (see InputPipeline for what that changes).
public sealed partial class tensorflow
{
    /// <summary>
    /// TF 1.x's <c>tf.decode_csv</c>: each string of <paramref name="records"/> is one CSV line; returns one tensor per
    /// column, of the records' shape and of the dtype of the column's default (float32, int32, int64 or string, from
    /// <paramref name="record_defaults"/>: <c>[[0.0], [0], [""]]</c>; an empty default, <c>[]</c>, makes the column
    /// required). Fields are split at <paramref name="field_delim"/> (one character); a field may be quoted
    /// (<c>"a,b"</c>, with <c>""</c> for a quote). An empty field takes its default. Run-time errors are TF's
    /// InvalidArgumentErrors: "Expect 4 fields but have 3 in record 0", "Field 1 in record 0 is not a valid float: x",
    /// "Field 2 is required but missing in record 0!". Floats are parsed as C's strtof (correctly rounded straight to
    /// float32, unlike numpy's text readers, which round through float64).
    /// </summary>
    public Tensor[] decode_csv(object records, IEnumerable<object> record_defaults, string field_delim = ",", string? name = null)
    {
        const string fn = "tf.decode_csv";
        var r = OpHelpers.ToTensor(records, fn, TF_DataType.TF_STRING);
        var defaults = record_defaults.Select(d => OpHelpers.ToTensor(d, fn)).ToArray();
        if (defaults.Length == 0)
            throw new ValueError($"{fn}: record_defaults is empty. - help: give one default per column, e.g. record_defaults: [[0.0], [0.0]].");
        return IoOps.DecodeCsv.Build(fn, name ?? "DecodeCSV", [r, .. defaults], new CsvAttr(field_delim)).outputs;
    }

    /// <summary>
    /// TF 1.x's <c>tf.TextLineReader</c>: a reader whose records are the lines of the files it dequeues from a queue
    /// (<see cref="TextLineReader.read"/>), without their line ends; <paramref name="skip_header_lines"/> lines of each
    /// file are skipped.
    /// </summary>
    public TextLineReader TextLineReader(int? skip_header_lines = null, string? name = null)
    {
        var op = IoOps.TextLineReaderV2.Build("tf.TextLineReader", name ?? "TextLineReaderV2", [], new ReaderAttr(skip_header_lines ?? 0), graph: Bridge.Graph.Default);
        return new TextLineReader(op.outputs[0]);
    }

    /// <summary>
    /// TF 1.x's <c>tf.FIFOQueue</c>: a queue of elements (tuples of tensors of <paramref name="dtypes"/>, each of its
    /// shape in <paramref name="shapes"/> if given) dequeued in the order they were enqueued.
    /// </summary>
    public FIFOQueue FIFOQueue(int capacity, IEnumerable<TF_DataType> dtypes, IEnumerable<Shape>? shapes = null, string? shared_name = null, string name = "fifo_queue")
    {
        var (types, dims) = QueueBase.Components("tf.FIFOQueue", dtypes, shapes);
        return new FIFOQueue(QueueBase.Create(IoOps.FIFOQueueV2, "tf.FIFOQueue", name, new QueueAttr("FIFOQueue", capacity, 0, 0, 0, types, dims, shared_name)));
    }

    /// <summary>
    /// TF 1.x's <c>tf.RandomShuffleQueue</c>: dequeues a uniformly random element (TF's kernel: Philox seeded from the op
    /// seeds, index = next u32 % size), keeping at least <paramref name="min_after_dequeue"/> elements until it is
    /// closed. With a graph seed (tf.set_random_seed) and no <paramref name="seed"/>, the op seed is TF 1.x's op id.
    /// </summary>
    public RandomShuffleQueue RandomShuffleQueue(int capacity, int min_after_dequeue, IEnumerable<TF_DataType> dtypes, IEnumerable<Shape>? shapes = null,
        int? seed = null, string? shared_name = null, string name = "random_shuffle_queue")
    {
        const string fn = "tf.RandomShuffleQueue";
        var (types, dims) = QueueBase.Components(fn, dtypes, shapes);
        if (min_after_dequeue < 0 || min_after_dequeue >= capacity)
            throw new ValueError($"{fn}: min_after_dequeue ({min_after_dequeue}) must be >= 0 and smaller than capacity ({capacity}). - help: keep capacity above min_after_dequeue, e.g. capacity = min_after_dequeue + 3 * batch_size.");
        var g = Bridge.Graph.Default;
        var (s1, s2) = TfSeeds.Get(g.Seed, seed, g.LastId) ?? (0, 0);
        return new RandomShuffleQueue(QueueBase.Create(IoOps.RandomShuffleQueueV2, fn, name, new QueueAttr("RandomShuffleQueue", capacity, min_after_dequeue, s1, s2, types, dims, shared_name)));
    }
}

/// <summary>TF 1.x's queue base class: a queue handle and the ops that use it.</summary>
public class QueueBase
{
    internal QueueBase(Operation op)
    {
        queue_ref = op.outputs[0];
        Attr = (QueueAttr)op.Attr!;
    }

    internal QueueAttr Attr { get; }

    /// <summary>The queue's handle (a string scalar; TF 1.x's is a resource).</summary>
    public Tensor queue_ref { get; }

    /// <summary>The queue op's name ("batch/fifo_queue").</summary>
    public string name => queue_ref.op.name;

    /// <summary>The dtypes of an element's components.</summary>
    public TF_DataType[] dtypes => (TF_DataType[])Attr.DTypes.Clone();

    /// <summary>The shapes of an element's components (unknown shapes when the queue was made without).</summary>
    public Shape[] shapes => Attr.Shapes ?? Attr.DTypes.Select(_ => Shape.Unknown).ToArray();

    internal static (TF_DataType[], Shape[]?) Components(string fn, IEnumerable<TF_DataType> dtypes, IEnumerable<Shape>? shapes)
    {
        var types = dtypes.ToArray();
        if (types.Length == 0) throw new ValueError($"{fn}: dtypes is empty. - help: give the dtype of each component, e.g. [tf.float32].");
        var dims = shapes?.ToArray();
        if (dims is not null && dims.Length != types.Length)
            throw new ValueError($"{fn}: {types.Length} dtypes but {dims.Length} shapes. - help: give one shape per dtype.");
        if (dims is not null && Array.Exists(dims, s => !s.IsFullyDefined))
            throw new ValueError($"{fn}: queue shapes must be fully defined, not {string.Join(", ", dims.Select(s => s.ToTfString()))}. - help: give every dimension.");
        return (types, dims);
    }

    internal static Operation Create(OpDef def, string fn, string name, QueueAttr attr) =>
        def.Build(fn, name, [], attr, graph: Graph.Default);

    private Tensor[] Values(string fn, IEnumerable<object> vals)
    {
        var items = vals.ToArray();
        if (items.Length != Attr.DTypes.Length)
            throw new ValueError($"{fn}: the queue's elements have {Attr.DTypes.Length} components, but {items.Length} values were given. - help: enqueue one value per component ({string.Join(", ", Attr.DTypes.Select(t => t.as_numpy_name()))}).");
        var tensors = new Tensor[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            tensors[i] = OpHelpers.ToTensor(items[i], fn, Attr.DTypes[i]);
            if (tensors[i].dtype != Attr.DTypes[i])
                throw new ValueError($"{fn}: component {i} must have dtype {Attr.DTypes[i].as_numpy_name()}, not {tensors[i].dtype.as_numpy_name()}. - help: tf.cast it.");
        }
        return tensors;
    }

    /// <summary>Enqueues one element (a value per component).</summary>
    public Operation enqueue(IEnumerable<object> vals, string? name = null)
    {
        const string fn = "QueueBase.enqueue";
        var t = Values(fn, vals);
        for (int i = 0; i < t.Length; i++)
            if (Attr.Shapes is { } s && !t[i].shape.is_compatible_with(s[i]))
                throw new ValueError($"{fn}: component {i} has shape {t[i].shape.ToTfString()}, but the queue's is {s[i].ToTfString()}. - help: reshape it.");
        return IoOps.QueueEnqueueV2.Build("tf.QueueBase.enqueue", name ?? $"{ShortName}_enqueue", [queue_ref, .. t]);
    }

    /// <summary>Enqueues one element of a single-component queue.</summary>
    public Operation enqueue(Tensor vals, string? name = null) => enqueue([vals], name);

    /// <summary>Enqueues the slices along the first dimension of each component (all of one length) as elements.</summary>
    public Operation enqueue_many(IEnumerable<object> vals, string? name = null) => EnqueueMany(Values("QueueBase.enqueue_many", vals), name, null);

    internal Operation EnqueueMany(Tensor[] t, string? name, ProducerAttr? producer)
    {
        const string fn = "QueueBase.enqueue_many";
        for (int i = 0; i < t.Length; i++)
        {
            if (t[i].shape.IsRankKnown && t[i].shape.ndim == 0)
                throw new ValueError($"{fn}: component {i} is a scalar, but enqueue_many takes a batch (its first dimension). - help: use enqueue for one element.");
            if (Attr.Shapes is { } s && t[i].shape.IsRankKnown && !new Shape(t[i].shape.dims[1..]).is_compatible_with(s[i]))
                throw new ValueError($"{fn}: component {i} has shape {t[i].shape.ToTfString()}, whose elements do not fit the queue's shape {s[i].ToTfString()}. - help: reshape it.");
        }
        return IoOps.QueueEnqueueManyV2.Build("tf.QueueBase.enqueue_many", name ?? $"{ShortName}_EnqueueMany", [queue_ref, .. t], producer ?? ProducerAttr.None);
    }

    private string ShortName => name.Split('/')[^1];

    /// <summary>Dequeues one element: one tensor per component (TF returns a lone tensor for a single component; Python does too).</summary>
    public Tensor[] dequeue(string? name = null) =>
        IoOps.QueueDequeueV2.Build("tf.QueueBase.dequeue", name ?? $"{ShortName}_Dequeue", [queue_ref], new DequeueAttr(0, Attr.DTypes, Attr.Shapes)).outputs;

    /// <summary>Dequeues <paramref name="n"/> elements, stacked: each component gains a first dimension of n (the queue needs shapes).</summary>
    public Tensor[] dequeue_many(int n, string? name = null) => DequeueMany(IoOps.QueueDequeueManyV2, "tf.QueueBase.dequeue_many", n, name ?? $"{ShortName}_DequeueMany");

    /// <summary>As <see cref="dequeue_many"/>, but once the queue is closed the last batch may be smaller (first dimension unknown).</summary>
    public Tensor[] dequeue_up_to(int n, string? name = null) => DequeueMany(IoOps.QueueDequeueUpToV2, "tf.QueueBase.dequeue_up_to", n, name ?? $"{ShortName}_DequeueUpTo");

    private Tensor[] DequeueMany(OpDef def, string fn, int n, string name)
    {
        CheckDequeueMany(fn, n);
        return def.Build(fn, name, [queue_ref], new DequeueAttr(n, Attr.DTypes, Attr.Shapes)).outputs;
    }

    private void CheckDequeueMany(string fn, int n)
    {
        if (n < 0) throw new ValueError($"{fn}: n must be >= 0, not {n}.");
        if (Attr.Shapes is null)
            throw new ValueError($"{fn}: the queue was made without shapes, so its elements cannot be stacked. - help: give the queue shapes.");
    }

    /// <summary>A dequeue of n elements under an exact name (tf.train.batch names it after its scope).</summary>
    internal Tensor[] DequeueMany(OpDef def, string fn, int n, string exactName, bool exact = true)
    {
        CheckDequeueMany(fn, n);
        var g = queue_ref.graph;
        var attr = new DequeueAttr(n, Attr.DTypes, Attr.Shapes);
        var outputs = def.Infer(new OpContext(fn, def, [queue_ref.shape], [queue_ref.dtype], attr, RunTime: false));
        g.CountTfOps(def.TfOpIds - 1);
        return g.AddOpNamed(def, exactName, [queue_ref], attr, outputs).outputs;
    }

    /// <summary>Closes the queue: later enqueues fail, dequeues take what is left and then raise OutOfRangeError.</summary>
    public Operation close(bool cancel_pending_enqueues = false, string? name = null) =>
        IoOps.QueueCloseV2.Build("tf.QueueBase.close", name ?? $"{ShortName}_Close", [queue_ref], new CloseAttr(cancel_pending_enqueues));

    /// <summary>The number of elements in the queue (int32 scalar).</summary>
    public Tensor size(string? name = null) => IoOps.QueueSizeV2.Build("tf.QueueBase.size", name ?? $"{ShortName}_Size", [queue_ref]).outputs[0];
}

/// <summary>TF 1.x's tf.FIFOQueue: first in, first out.</summary>
public sealed class FIFOQueue : QueueBase
{
    internal FIFOQueue(Operation op) : base(op) { }
}

/// <summary>TF 1.x's tf.RandomShuffleQueue: dequeues uniformly random elements.</summary>
public sealed class RandomShuffleQueue : QueueBase
{
    internal RandomShuffleQueue(Operation op) : base(op) { }
}

/// <summary>TF 1.x's tf.TextLineReader: reads the lines of the files named by a queue of filenames.</summary>
public sealed class TextLineReader
{
    internal TextLineReader(Tensor handle) => reader_ref = handle;

    /// <summary>The reader's handle.</summary>
    public Tensor reader_ref { get; }

    /// <summary>
    /// The next record: (key, value) string scalars. The value is the next line of the current file (its '\r' and
    /// '\n' removed, as TF 1.0's InputBuffer::ReadLine does); the key is "filename:line" (line 1 is the file's first,
    /// skipped header lines counted). At a file's end the reader dequeues the next filename from
    /// <paramref name="queue"/>; a closed, empty queue is an OutOfRangeError, a missing file a NotFoundError.
    /// </summary>
    public (Tensor key, Tensor value) read(QueueBase queue, string? name = null)
    {
        var outs = IoOps.ReaderReadV2.Build("tf.TextLineReader.read", name ?? "ReaderReadV2", [reader_ref, queue.queue_ref]).outputs;
        return (outs[0], outs[1]);
    }
}

/// <summary>
/// TF 1.x's tf.train.QueueRunner: the enqueue ops that fill a queue, run (by Bridge) whenever a dequeue of the queue
/// needs elements once <c>tf.train.start_queue_runners</c> started it; when an enqueue op raises OutOfRangeError
/// (its input ran out) the runner closes the queue.
/// </summary>
public sealed class QueueRunner
{
    internal QueueRunner(QueueBase queue, Operation[] enqueueOps)
    {
        this.queue = queue;
        enqueue_ops = enqueueOps;
        close_op = queue.close();
        cancel_op = queue.close(cancel_pending_enqueues: true);
    }

    /// <summary>The queue it fills.</summary>
    public QueueBase queue { get; }

    /// <summary>Its enqueue ops (one per TF thread).</summary>
    public Operation[] enqueue_ops { get; }

    /// <summary>The op closing the queue when the input ran out.</summary>
    public Operation close_op { get; }

    /// <summary>The op closing the queue and cancelling pending enqueues when the coordinator stops.</summary>
    public Operation cancel_op { get; }

    /// <summary>The name of the queue it fills.</summary>
    public string name => queue.name;
}

/// <summary>
/// What tf.train.start_queue_runners returns in place of TF's threads (one per enqueue op of each runner, plus one per
/// runner that closes its queue when the coordinator stops, as TF starts them): Bridge runs no threads.
/// </summary>
public sealed class QueueRunnerThread
{
    internal QueueRunnerThread(string name) => this.name = name;

    /// <summary>The thread's name (the queue it serves).</summary>
    public string name { get; }

    /// <summary>Whether the thread runs as a daemon (TF's default: true).</summary>
    public bool daemon { get; init; } = true;

    /// <summary>Returns at once: the runner's work happens inside the session's runs.</summary>
    public void join(double? timeout = null) { }

    /// <summary>False: Bridge's runners are not threads.</summary>
    public bool is_alive() => false;

    public override string ToString() => $"<Thread({name}, stopped daemon)>";
}

/// <summary>
/// TF 1.x's tf.train.Coordinator: a stop flag shared by the queue runners. <see cref="request_stop"/> stops the
/// runners started with it and closes their queues (TF's runners then close them, cancelling pending enqueues);
/// <see cref="join"/> re-raises the error a runner stopped with.
/// </summary>
public sealed class Coordinator
{
    private readonly List<Action> _onStop = [];
    private Exception? _exception;

    internal Coordinator() { }

    /// <summary>
    /// Asks the runners to stop; an exception given (or a runner's error) is re-raised by <see cref="join"/>, except an
    /// OutOfRangeError (TF's default clean_stop_exception_types: the input ran out).
    /// </summary>
    public void request_stop(Exception? ex = null)
    {
        if (ex is not null and not OutOfRangeError && _exception is null && !should_stop()) _exception = ex;
        if (_stopped) return;
        _stopped = true;
        foreach (var a in _onStop) a();
    }

    private bool _stopped;

    /// <summary>Whether a stop was requested.</summary>
    public bool should_stop() => _stopped;

    /// <summary>Forgets a stop request (TF's clear_stop).</summary>
    public void clear_stop()
    {
        _stopped = false;
        _exception = null;
    }

    /// <summary>Waits until a stop is requested: returns whether it was (Bridge never blocks).</summary>
    public bool wait_for_stop(double? timeout = null) => _stopped;

    /// <summary>Waits for the threads (returns at once: Bridge runs none) and re-raises the error a runner stopped with.</summary>
    public void join(IEnumerable<QueueRunnerThread>? threads = null, double stop_grace_period_secs = 120, bool ignore_live_threads = false) =>
        raise_requested_exception();

    /// <summary>Re-raises the exception given to <see cref="request_stop"/>, if any.</summary>
    public void raise_requested_exception()
    {
        if (_exception is { } e) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();
    }

    /// <summary>Whether the stop was caused by an exception (Bridge's helper).</summary>
    internal void OnStop(Action a)
    {
        _onStop.Add(a);
        if (_stopped) a();
    }
}

// tf.train's input functions.
public sealed partial class train_api
{
    /// <summary>
    /// TF 1.x's <c>tf.train.string_input_producer</c>: a FIFOQueue of strings (filenames) that its queue runner fills
    /// with <paramref name="string_tensor"/>, epoch after epoch (each epoch shuffled if <paramref name="shuffle"/>, with
    /// TF's RandomShuffle on the op seeds), <paramref name="num_epochs"/> times (null: forever), then closes. Needs
    /// <c>tf.train.start_queue_runners</c>; with <paramref name="num_epochs"/>, also
    /// <c>sess.run(tf.local_variables_initializer())</c> (its epoch counter is a local variable). Creates TF 1.0's ops
    /// (and op ids): the size assert, the shuffle, the epoch limit, the queue, its enqueue and close ops and the
    /// "fraction_of_N_full" summary (counted, not built: tf.summary.merge_all leaves it out).
    /// </summary>
    public FIFOQueue string_input_producer(object string_tensor, int? num_epochs = null, bool shuffle = true, int? seed = null, int capacity = 32,
        string? shared_name = null, string? name = null)
    {
        const string fn = "tf.train.string_input_producer";
        if (string_tensor is not Tensor && string_tensor is System.Collections.IEnumerable e && string_tensor is not string && !e.Cast<object>().Any())
            throw new ValueError("string_input_producer requires a non-null input tensor");
        if (num_epochs is <= 0) throw new ValueError($"num_epochs must be > 0 not {num_epochs}.");
        var g = Graph.Default;
        using var scope = g.PushScope(name ?? "input_producer");
        var strings = OpHelpers.ToTensor(string_tensor, fn, TF_DataType.TF_STRING);
        if (strings.dtype != TF_DataType.TF_STRING)
            throw new TypeError($"{fn}: string_tensor must hold strings, not {strings.dtype.as_numpy_name()}. - help: pass a list of filenames.");
        if (!strings.shape.IsRankKnown || strings.shape.ndim != 1)
            throw new ValueError($"{fn}: string_tensor must be 1-D, not of shape {strings.shape.ToTfString()}. - help: pass a list of filenames.");
        // TF 1.0: Size (a Const), Const 0, Greater, Assert's two Consts and the Assert, Identity.
        g.CountTfOps(7);
        (long, long) seeds = (0, 0);
        if (shuffle)
        {
            seeds = TfSeeds.Get(g.Seed, seed, g.LastId) ?? (0, 0);
            g.CountTfOps(1); // RandomShuffle
        }
        if (num_epochs is not null) g.CountTfOps(6); // limit_epochs: Const, the epochs variable (3 ops), CountUpTo, Identity
        // TF names the queue after the scope itself ("filename_queue", or "input_producer").
        var attr = new QueueAttr("FIFOQueue", capacity, 0, 0, 0, [TF_DataType.TF_STRING], [Shape.Scalar], shared_name);
        var q = new FIFOQueue(g.AddOpNamed(IoOps.FIFOQueueV2, g.CurrentScope!, [], attr, [(Shape.Scalar, TF_DataType.TF_STRING)]));
        var enq = q.EnqueueMany([strings], null, new ProducerAttr(true, shuffle, seeds.Item1, seeds.Item2, num_epochs));
        if (num_epochs is not null)
            IoOps.LimitEpochsInit.Build(fn, "limit_epochs/epochs/Assign", [], new EpochsInitAttr(enq, $"{g.CurrentScope}/limit_epochs/epochs"), graph: g);
        add_queue_runner(new QueueRunner(q, [enq]));
        g.CountTfOps(6); // the summary: QueueSize, Cast, Const, Mul, the tag Const, ScalarSummary
        return q;
    }

    /// <summary>
    /// TF 1.x's <c>tf.train.batch</c>: a FIFOQueue its runner fills with one element (the values of
    /// <paramref name="tensors"/>, each a tensor or a list of tensors, which auto-packs) per run of its enqueue op;
    /// returns the dequeue of <paramref name="batch_size"/> elements (TF 1.x returns a lone tensor when
    /// <paramref name="tensors"/> has one item: Python does; C# always gets an array). With one thread the order is
    /// the input's. <paramref name="enqueue_many"/>: each item is a batch whose first dimension is split.
    /// <paramref name="allow_smaller_final_batch"/>: the last batch may be smaller (first dimension unknown). Creates
    /// TF 1.0's ops and op ids (its enqueue is a tf.cond on keep_input, counted).
    /// </summary>
    public Tensor[] batch(IEnumerable<object> tensors, int batch_size, int num_threads = 1, int capacity = 32, bool enqueue_many = false,
        IEnumerable<Shape>? shapes = null, bool allow_smaller_final_batch = false, string? shared_name = null, string? name = null)
    {
        var (q, scope) = BatchQueue("tf.train.batch", "batch", tensors, num_threads, capacity, enqueue_many, shapes, name,
            (types, dims) => new FIFOQueue(IoOps.FIFOQueueV2.Build("tf.train.batch", "fifo_queue", [], new QueueAttr("FIFOQueue", capacity, 0, 0, 0, types, dims, shared_name), graph: Graph.Default)));
        Graph.Default.CountTfOps(6); // the summary: QueueSize, Cast, Const, Mul, the tag Const, ScalarSummary
        return Dequeue(q, batch_size, allow_smaller_final_batch, scope);
    }

    /// <summary>
    /// TF 1.x's <c>tf.train.shuffle_batch</c>: as <see cref="batch"/>, through a RandomShuffleQueue that keeps at least
    /// <paramref name="min_after_dequeue"/> elements: each element of a batch is drawn uniformly from the queue (TF's
    /// kernel and seeds: with a graph seed and no <paramref name="seed"/>, the op seed is TF 1.x's op id). TF's order
    /// depends on how full its runner threads kept the queue; Bridge's is that of a queue kept full (at
    /// <paramref name="capacity"/>) before each draw, which is TF's when the input is faster than the training step.
    /// </summary>
    public Tensor[] shuffle_batch(IEnumerable<object> tensors, int batch_size, int capacity, int min_after_dequeue, int num_threads = 1, int? seed = null,
        bool enqueue_many = false, IEnumerable<Shape>? shapes = null, bool allow_smaller_final_batch = false, string? shared_name = null, string? name = null)
    {
        const string fn = "tf.train.shuffle_batch";
        if (min_after_dequeue < 0 || min_after_dequeue >= capacity)
            throw new ValueError($"{fn}: min_after_dequeue ({min_after_dequeue}) must be >= 0 and smaller than capacity ({capacity}). - help: keep capacity above min_after_dequeue, e.g. capacity = min_after_dequeue + 3 * batch_size.");
        var (q, scope) = BatchQueue(fn, "shuffle_batch", tensors, num_threads, capacity, enqueue_many, shapes, name, (types, dims) =>
        {
            var g = Graph.Default;
            var (s1, s2) = TfSeeds.Get(g.Seed, seed, g.LastId) ?? (0, 0);
            return new RandomShuffleQueue(IoOps.RandomShuffleQueueV2.Build(fn, "random_shuffle_queue", [],
                new QueueAttr("RandomShuffleQueue", capacity, min_after_dequeue, s1, s2, types, dims, shared_name), graph: g));
        });
        // The summary: QueueSize, Const and Sub, Const and Maximum, Cast, Const and Mul, the tag Const, ScalarSummary.
        Graph.Default.CountTfOps(10);
        return Dequeue(q, batch_size, allow_smaller_final_batch, scope);
    }

    private (QueueBase, string) BatchQueue(string fn, string scopeName, IEnumerable<object> tensors, int num_threads, int capacity, bool enqueue_many,
        IEnumerable<Shape>? shapes, string? name, Func<TF_DataType[], Shape[], QueueBase> makeQueue)
    {
        if (num_threads < 1) throw new ValueError($"{fn}: num_threads must be >= 1, not {num_threads}.");
        if (capacity < 1) throw new ValueError($"{fn}: capacity must be >= 1, not {capacity}.");
        var items = tensors.ToArray();
        if (items.Length == 0) throw new ValueError("Expected at least one tensor in batch().");
        var g = Graph.Default;
        using var scope = g.PushScope(name ?? scopeName);
        var list = items.Select(t => OpHelpers.ToTensor(t, fn)).ToArray();
        g.CountTfOps(1); // keep_input=True as a Const (TF 1.0's batch passes it to a tf.cond)
        var types = list.Select(t => t.dtype).ToArray();
        Shape[] dims;
        if (shapes is not null)
        {
            dims = shapes.ToArray();
            if (dims.Length != list.Length) throw new ValueError($"{fn}: {list.Length} tensors but {dims.Length} shapes. - help: give one shape per tensor.");
        }
        else
        {
            dims = new Shape[list.Length];
            for (int i = 0; i < list.Length; i++)
            {
                var s = list[i].shape;
                if (!s.IsRankKnown) throw new ValueError($"Cannot infer Tensor's rank: {list[i].name}");
                if (enqueue_many)
                {
                    if (s.ndim == 0) throw new ValueError($"{fn}: with enqueue_many, tensor {i} must be a batch (rank >= 1), not a scalar.");
                    s = new Shape(s.dims[1..]);
                }
                if (!s.IsFullyDefined)
                    throw new ValueError($"{fn}: the shape {s.ToTfString()} of tensor {i} ('{list[i].name}') is not fully known, so elements cannot be batched. - help: pass shapes: [...] with every dimension.");
                dims[i] = s;
            }
        }
        var q = makeQueue(types, dims);
        // TF 1.0's _enqueue: tf.cond(keep_input, enqueue, no_op): Switch, three Identities, a Switch per input of the
        // enqueue (the queue handle and each tensor), the enqueue, an Identity, the false branch's NoOp and Identity, Merge.
        g.CountTfOps(4 + 1 + list.Length);
        var enq = enqueue_many ? q.enqueue_many(list) : q.enqueue(list);
        g.CountTfOps(4);
        add_queue_runner(new QueueRunner(q, Enumerable.Repeat(enq, num_threads).ToArray()));
        return (q, g.CurrentScope!);
    }

    private static Tensor[] Dequeue(QueueBase q, int batch_size, bool allowSmaller, string scopeName)
    {
        if (batch_size < 1) throw new ValueError($"batch_size must be >= 1, not {batch_size}.");
        // The dequeue is named after the scope (TF: name=name, the scope "batch/"), so it is "batch" itself.
        return allowSmaller ? q.DequeueMany(IoOps.QueueDequeueUpToV2, "tf.train.batch", batch_size, scopeName)
            : q.DequeueMany(IoOps.QueueDequeueManyV2, "tf.train.batch", batch_size, scopeName);
    }

    /// <summary>TF 1.x's <c>tf.train.QueueRunner(queue, enqueue_ops)</c> (add it with <see cref="add_queue_runner"/>).</summary>
    public QueueRunner QueueRunner(QueueBase queue, IEnumerable<Operation> enqueue_ops)
    {
        var ops = enqueue_ops.ToArray();
        if (ops.Length == 0) throw new ValueError("tf.train.QueueRunner: enqueue_ops is empty. - help: give the queue's enqueue op.");
        return new QueueRunner(queue, ops);
    }

    /// <summary>Adds a queue runner to the graph's QUEUE_RUNNERS collection, which start_queue_runners starts.</summary>
    public void add_queue_runner(QueueRunner qr) => qr.queue.queue_ref.graph.AddQueueRunner(qr);

    /// <summary>A new coordinator (TF 1.x's tf.train.Coordinator()).</summary>
    public Coordinator Coordinator() => new();

    /// <summary>
    /// TF 1.x's <c>tf.train.start_queue_runners</c>: starts the graph's queue runners in <paramref name="sess"/> (the
    /// default session if null): from now on a dequeue that needs elements runs their enqueue ops. Returns TF's
    /// threads (stand-ins: Bridge runs the runners inside the session's runs, one enqueue at a time, so the order of
    /// elements is deterministic). With <paramref name="coord"/>, its request_stop stops them and closes their queues.
    /// </summary>
    public QueueRunnerThread[] start_queue_runners(Session? sess = null, Coordinator? coord = null, bool daemon = true, bool start = true)
    {
        sess ??= Session.Default ?? throw new ValueError("Cannot start queue runners: No default session is registered. Use `with sess.as_default()` or pass an explicit session to tf.start_queue_runners(sess=sess)");
        var threads = new List<QueueRunnerThread>();
        var pipeline = sess.Executor.Pipeline;
        foreach (var qr in sess.graph.QueueRunners)
        {
            if (start) pipeline.Start(qr, coord);
            threads.AddRange(qr.enqueue_ops.Select((_, i) => new QueueRunnerThread($"QueueRunnerThread-{qr.name}-{qr.enqueue_ops[i].name}") { daemon = daemon }));
            if (coord is not null) threads.Add(new QueueRunnerThread($"QueueRunnerThread-{qr.name}-close_on_stop") { daemon = daemon });
        }
        return threads.ToArray();
    }
}

/// <summary>The input pipeline's ops: queues, their enqueue/dequeue/close/size, the text line reader, decode_csv.</summary>
[OpFamily("io")]
internal static class IoOps
{
    private static (Shape, TF_DataType)[] Handle(OpContext _) => [(Shape.Scalar, TF_DataType.TF_STRING)];

    public static readonly OpDef FIFOQueueV2 = new("FIFOQueueV2", OpRole.Resource)
    {
        Inputs = [],
        Attribute = typeof(QueueAttr),
        Functions = ["tf.FIFOQueue"],
        DTypes = DTypeSet.Strings,
        Infer = Handle,
        NotDifferentiable = true,
        Differences = "the handle is a string scalar (TF 1.x's is a resource)",
    };

    public static readonly OpDef RandomShuffleQueueV2 = new("RandomShuffleQueueV2", OpRole.Resource)
    {
        Inputs = [],
        Attribute = typeof(QueueAttr),
        Functions = ["tf.RandomShuffleQueue"],
        DTypes = DTypeSet.Strings,
        Infer = Handle,
        NotDifferentiable = true,
        Differences = "dequeues run on a queue kept full (TF's order depends on its runner threads' timing)",
    };

    public static readonly OpDef QueueEnqueueV2 = new("QueueEnqueueV2", OpRole.Resource)
    {
        Inputs = ["handle", "*components"],
        Functions = ["QueueBase.enqueue"],
        DTypes = DTypeSet.Strings,
        Infer = _ => [],
        NotDifferentiable = true,
    };

    public static readonly OpDef QueueEnqueueManyV2 = new("QueueEnqueueManyV2", OpRole.Resource)
    {
        Inputs = ["handle", "*components"],
        Attribute = typeof(ProducerAttr),
        Functions = ["QueueBase.enqueue_many"],
        DTypes = DTypeSet.Strings,
        Infer = _ => [],
        NotDifferentiable = true,
        Differences = "string_input_producer's assert, shuffle and epoch limit run inside its enqueue op",
    };

    private static (Shape, TF_DataType)[] Dequeued(OpContext c, long? first)
    {
        var a = c.A<DequeueAttr>();
        return a.DTypes.Select((t, i) =>
        {
            var s = a.Shapes?[i] ?? Shape.Unknown;
            if (first is null && c.Def == QueueDequeueV2) return (s, t);
            return (s.IsRankKnown ? new Shape([first ?? -1, .. s.dims]) : Shape.Unknown, t);
        }).ToArray();
    }

    public static readonly OpDef QueueDequeueV2 = new("QueueDequeueV2", OpRole.Resource)
    {
        Inputs = ["handle"],
        Attribute = typeof(DequeueAttr),
        Functions = ["QueueBase.dequeue"],
        DTypes = DTypeSet.Strings,
        Infer = c => Dequeued(c, null),
        NotDifferentiable = true,
    };

    public static readonly OpDef QueueDequeueManyV2 = new("QueueDequeueManyV2", OpRole.Resource)
    {
        Inputs = ["handle"],
        Attribute = typeof(DequeueAttr),
        Functions = ["QueueBase.dequeue_many", "tf.train.batch", "tf.train.shuffle_batch"],
        DTypes = DTypeSet.Strings,
        TfOpIds = 2,
        TfOpIdsReason = "a Const for n, then QueueDequeueManyV2",
        Infer = c => Dequeued(c, c.A<DequeueAttr>().N),
        NotDifferentiable = true,
    };

    public static readonly OpDef QueueDequeueUpToV2 = new("QueueDequeueUpToV2", OpRole.Resource)
    {
        Inputs = ["handle"],
        Attribute = typeof(DequeueAttr),
        Functions = ["QueueBase.dequeue_up_to"],
        DTypes = DTypeSet.Strings,
        TfOpIds = 2,
        TfOpIdsReason = "a Const for n, then QueueDequeueUpToV2",
        Infer = c => Dequeued(c, -1),
        NotDifferentiable = true,
    };

    public static readonly OpDef QueueCloseV2 = new("QueueCloseV2", OpRole.Resource)
    {
        Inputs = ["handle"],
        Attribute = typeof(CloseAttr),
        Functions = ["QueueBase.close"],
        DTypes = DTypeSet.Strings,
        Infer = _ => [],
        NotDifferentiable = true,
    };

    public static readonly OpDef QueueSizeV2 = new("QueueSizeV2", OpRole.Resource)
    {
        Inputs = ["handle"],
        Functions = ["QueueBase.size"],
        DTypes = DTypeSet.Strings,
        Infer = _ => [(Shape.Scalar, TF_DataType.TF_INT32)],
        NotDifferentiable = true,
    };

    public static readonly OpDef TextLineReaderV2 = new("TextLineReaderV2", OpRole.Resource)
    {
        Inputs = [],
        Attribute = typeof(ReaderAttr),
        Functions = ["tf.TextLineReader"],
        DTypes = DTypeSet.Strings,
        Infer = Handle,
        NotDifferentiable = true,
        Differences = "the handle is a string scalar (TF 1.x's is a resource)",
    };

    public static readonly OpDef ReaderReadV2 = new("ReaderReadV2", OpRole.Resource)
    {
        Inputs = ["reader_handle", "queue_handle"],
        Functions = ["TextLineReader.read"],
        DTypes = DTypeSet.Strings,
        Infer = _ => [(Shape.Scalar, TF_DataType.TF_STRING), (Shape.Scalar, TF_DataType.TF_STRING)],
        NotDifferentiable = true,
    };

    public static readonly OpDef LimitEpochsInit = new("LimitEpochsInit", OpRole.Resource)
    {
        Inputs = [],
        Attribute = typeof(EpochsInitAttr),
        Functions = ["tf.local_variables_initializer"],
        DTypes = DTypeSet.Strings,
        TfOpIds = 0,
        TfOpIdsReason = "TF 1.x's Assign of the epochs variable, counted with the variable by tf.train.string_input_producer",
        Infer = _ => [],
        NotDifferentiable = true,
        Differences = "Bridge's stand-in for the Assign that initialises limit_epochs' local variable (the counter lives in the session's input pipeline)",
    };

    public static readonly OpDef DecodeCsv = new("DecodeCSV")
    {
        Inputs = ["records", "*record_defaults"],
        Attribute = typeof(CsvAttr),
        Functions = ["tf.decode_csv"],
        DTypes = DTypeSet.Strings,
        TfOpIdsReason = null,
        Infer = c =>
        {
            for (int i = 1; i < c.Shapes.Length; i++)
            {
                if (c.DTypes[i] is not (TF_DataType.TF_FLOAT or TF_DataType.TF_INT32 or TF_DataType.TF_INT64 or TF_DataType.TF_STRING))
                    throw new TypeError($"{c.Fn}: record_defaults[{i - 1}] has dtype {c.DTypes[i].as_numpy_name()}, but TF 1.x's DecodeCSV takes float32, int32, int64 or string columns. - help: give the default as [0.0] (float32), [0] (int32) or [\"\"] (string).");
                var s = c.Shapes[i];
                if (s.IsRankKnown && s.ndim != 1)
                    throw new ValueError($"Shape must be rank 1 but is rank {s.ndim} for 'DecodeCSV' (op: 'DecodeCSV') with input shapes: {string.Join(", ", c.Shapes.Select(x => x.ToTfString()))}. - help: write each default as a list of one value, e.g. [0.0], not 0.0.");
                if (s.IsRankKnown && s.dims[0] > 1)
                    throw new ValueError($"{c.Fn}: Shape of a default must be a length-0 or length-1 vector, but record_defaults[{i - 1}] has shape {s.ToTfString()}. - help: give one default per column.");
            }
            return Enumerable.Range(1, c.Shapes.Length - 1).Select(i => (c.Shapes[0], c.DTypes[i])).ToArray();
        },
        NotDifferentiable = true,
        Managed = (op, x) => Kernels.Csv.Decode(op, x),
        Differences = "TF 1.0's attributes only (field_delim); no use_quote_delim, na_value or select_cols",
    };
}

/// <summary>A queue op: kind ("FIFOQueue", "RandomShuffleQueue"), capacity, the random queue's minimum and seeds, components.</summary>
internal sealed record QueueAttr(string Kind, int Capacity, int MinAfterDequeue, long Seed, long Seed2, TF_DataType[] DTypes, Shape[]? Shapes, string? SharedName);

/// <summary>A dequeue: how many elements (0 for one, unstacked), and the components.</summary>
internal sealed record DequeueAttr(int N, TF_DataType[] DTypes, Shape[]? Shapes);

/// <summary>A queue's close.</summary>
internal sealed record CloseAttr(bool CancelPendingEnqueues);

/// <summary>A reader's skipped header lines.</summary>
internal sealed record ReaderAttr(int SkipHeaderLines);

/// <summary>The producer (enqueue op) whose epoch counter a LimitEpochsInit initialises, and TF's name of the counter.</summary>
internal sealed record EpochsInitAttr(Operation Producer, string VariableName);

/// <summary>decode_csv's field delimiter.</summary>
internal sealed record CsvAttr(string FieldDelim);

/// <summary>
/// What TF 1.x's input_producer puts in front of its enqueue_many: the non-empty assert, the per-epoch shuffle
/// (RandomShuffle on these seeds) and the epoch limit (a local variable counted up each epoch).
/// </summary>
internal sealed record ProducerAttr(bool IsProducer, bool Shuffle, long Seed, long Seed2, int? NumEpochs)
{
    public static ProducerAttr None { get; } = new(false, false, 0, 0, null);
}
