using System.Collections;
using Bridge.Backend;
using Bridge.Runtime;

namespace Bridge;

/// <summary>
/// A TF 1.x session: runs a graph. <c>tf.Session()</c> makes it the default session for <c>eval()</c> until it is
/// disposed (<c>using var sess = tf.Session();</c>); <c>tf.InteractiveSession()</c> the same. Owns the native memory
/// of its values; dispose it (or let <c>using</c> do it).
/// </summary>
[Display.TypeFormatterSource(typeof(Display.NotebookFormatterSource))]
public partial class Session : IDisposable
{
    private static readonly List<Session> _defaults = [];
    private IExecutor? _executor;
    private bool _disposed;

    internal Session(Graph graph)
    {
        this.graph = graph;
        lock (_defaults) _defaults.Add(this);
    }

    /// <summary>The graph this session runs.</summary>
    public Graph graph { get; }

    internal static Session? Default
    {
        get { lock (_defaults) return _defaults.Count > 0 ? _defaults[^1] : null; }
    }

    internal static Session RequireDefault(string what) => Default ?? throw new ValueError(
        $"Cannot evaluate tensor using {what}: No default session is registered. - help: create one with tf.InteractiveSession(), or pass a session: t.eval(sess) or sess.run(t).");

    /// <summary>Evaluates one tensor.</summary>
    public NDArray run(Tensor fetch, params FeedItem[] feed_dict) => Run([fetch], [], feed_dict)[0];

    /// <summary>A variable's value after the run's updates.</summary>
    public NDArray run(Variable fetch, params FeedItem[] feed_dict) => Run([fetch.Ref], [], feed_dict)[0];

    /// <summary>Evaluates one tensor, with feeds given as a dictionary (Python's feed_dict={X: x_data}).</summary>
    public NDArray run(Tensor fetch, IDictionary<Tensor, object> feed_dict) => Run([fetch], [], ToFeeds(feed_dict))[0];

    /// <summary>Runs one operation (e.g. an optimizer's train op or an initializer).</summary>
    public void run(Operation op, params FeedItem[] feed_dict) => Run([], [op], feed_dict);

    /// <summary>Runs a tensor or an operation; null for an operation.</summary>
    public NDArray? run(ITensorOrOperation fetch, params FeedItem[] feed_dict) => RunMany([fetch], feed_dict)[0];

    /// <summary>
    /// Runs several fetches (an array or list of tensors, variables, operations); null in the slot of an operation.
    /// Nested lists (e.g. a list of assign ops as one item) are flattened in order.
    /// </summary>
    public NDArray?[] run(IEnumerable fetches, params FeedItem[] feed_dict) => RunMany(Flatten(fetches).ToArray(), feed_dict);

    private static IEnumerable<ITensorOrOperation> Flatten(IEnumerable fetches)
    {
        foreach (var f in fetches)
        {
            if (f is ITensorOrOperation t) yield return t;
            else if (f is IEnumerable nested and not string)
                foreach (var inner in Flatten(nested)) yield return inner;
            else throw new TypeError($"Session.run: a fetch of type {f?.GetType().Name ?? "null"} is not a Tensor, Variable or Operation. - help: fetch tensors and ops built with tf.*.");
        }
    }

    /// <summary>Runs several fetches with feeds given as a dictionary.</summary>
    public NDArray?[] run(IEnumerable fetches, IDictionary<Tensor, object> feed_dict) => run(fetches, ToFeeds(feed_dict));

    private static FeedItem[] ToFeeds(IDictionary<Tensor, object> feed_dict) => feed_dict.Select(kv => new FeedItem(kv.Key, kv.Value)).ToArray();

    /// <summary>Runs two fetches; deconstructs as <c>var (a, b) = sess.run((x, y))</c>.</summary>
    public (NDArray?, NDArray?) run((ITensorOrOperation, ITensorOrOperation) fetches, params FeedItem[] feed_dict)
    {
        var r = RunMany([fetches.Item1, fetches.Item2], feed_dict);
        return (r[0], r[1]);
    }

    /// <summary>Runs three fetches.</summary>
    public (NDArray?, NDArray?, NDArray?) run((ITensorOrOperation, ITensorOrOperation, ITensorOrOperation) fetches, params FeedItem[] feed_dict)
    {
        var r = RunMany([fetches.Item1, fetches.Item2, fetches.Item3], feed_dict);
        return (r[0], r[1], r[2]);
    }

    /// <summary>Runs four fetches.</summary>
    public (NDArray?, NDArray?, NDArray?, NDArray?) run((ITensorOrOperation, ITensorOrOperation, ITensorOrOperation, ITensorOrOperation) fetches, params FeedItem[] feed_dict)
    {
        var r = RunMany([fetches.Item1, fetches.Item2, fetches.Item3, fetches.Item4], feed_dict);
        return (r[0], r[1], r[2], r[3]);
    }

    /// <summary>
    /// The run behind every overload, for the Python interop: one result per fetch, null for operations;
    /// <paramref name="owned"/> (one slot per fetch) tells which results no variable, constant, queue or other result
    /// shares (the feeds are the interop's private copies, or arrays lent for the run, which no result shares), so that
    /// they can be handed to numpy without a copy.
    /// </summary>
    internal NDArray?[] RunForInterop(ITensorOrOperation[] fetches, FeedItem[] feed_dict, bool[] owned) => RunMany(fetches, feed_dict, owned);

    private NDArray?[] RunMany(ITensorOrOperation[] fetches, FeedItem[] feed_dict, bool[]? owned = null)
    {
        var tensors = new List<Tensor>();
        var ops = new List<Operation>();
        foreach (var f in fetches)
        {
            if (f is Tensor t) tensors.Add(t);
            else if (f is Variable v) tensors.Add(v.Ref);
            else if (f is Operation o) ops.Add(o);
            else throw new TypeError($"Session.run: cannot fetch {f?.GetType().Name ?? "null"}. - help: fetch tensors and operations.");
        }
        var tensorOwned = owned is null ? null : new bool[tensors.Count];
        var values = Run(tensors.ToArray(), ops.ToArray(), feed_dict, tensorOwned);
        var result = new NDArray?[fetches.Length];
        for (int i = 0, k = 0; i < fetches.Length; i++)
        {
            if (owned is not null) owned[i] = fetches[i] is not Operation && tensorOwned![k];
            result[i] = fetches[i] is Operation ? null : values[k++];
        }
        return result;
    }

    private NDArray[] Run(Tensor[] fetches, Operation[] targets, FeedItem[] feed_dict, bool[]? owned = null)
    {
        if (_disposed)
            throw new RuntimeError("Session.run: Attempted to use a closed Session. - help: run before disposing the session, or create a new tf.Session().");
        foreach (var t in fetches) CheckGraph(t.graph, t.name);
        foreach (var o in targets) CheckGraph(o.graph, o.name);
        var feeds = Feeds.Convert(graph, feed_dict);
        return Executor.Run(fetches, targets, feeds, owned, privateFeeds: owned is not null);
    }

    /// <summary>The engine's executor of this session (created on first use).</summary>
    internal IExecutor Executor
    {
        get
        {
            if (_disposed)
                throw new RuntimeError("Session.run: Attempted to use a closed Session. - help: run before disposing the session, or create a new tf.Session().");
            return _executor ??= Engine.Current.CreateExecutor(graph);
        }
    }

    private void CheckGraph(Graph g, string name)
    {
        if (g != graph)
            throw new ValueError($"Session.run: fetch '{name}' is from another graph than this session's. - help: create the session after building the graph (tf.Session() uses the default graph at that moment), or build the fetch in the session's graph.");
    }

    /// <summary>Closes the session and frees its values; it stops being the default session.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        lock (_defaults) _defaults.Remove(this);
        _executor?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>TF's close(): the same as Dispose.</summary>
    public void close() => Dispose();
}

/// <summary>An interactive session (as in the lab-08 notebook): the default session for eval() until closed.</summary>
public sealed class InteractiveSession : Session
{
    internal InteractiveSession(Graph graph) : base(graph) { }
}
