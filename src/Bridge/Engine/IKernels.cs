using Bridge.Backend.Torch;
using Bridge.Runtime;

namespace Bridge.Backend;

/// <summary>
/// The seam between Bridge and a tensor engine. A backend supplies kernels over its own value type; the
/// engine-neutral <see cref="Executor{TValue}"/> does the rest (planning, feeds, seeds, memory scopes).
/// </summary>
internal interface IKernels<TValue> : IDisposable where TValue : class
{
    /// <summary>Copies an NDArray into an engine value.</summary>
    TValue FromNDArray(NDArray value);

    /// <summary>Copies an engine value out as an NDArray.</summary>
    NDArray ToNDArray(TValue value);

    /// <summary>The concrete shape of a value.</summary>
    Shape ShapeOf(TValue value);

    /// <summary>Whether the value has exactly these dimensions (without allocating, where the engine allows).</summary>
    bool HasDims(TValue value, ReadOnlySpan<long> dims);

    /// <summary>Computes the outputs of one node from its input values (every op kind except sources).</summary>
    TValue[] Execute(Operation op, TValue[] inputs);

    /// <summary>Opens a memory scope: values created inside are freed when it is disposed, unless kept.</summary>
    IDisposable OpenScope();

    /// <summary>
    /// Moves a value out of the current scope so that it outlives the run (constants, variables): a copy where the value
    /// is the run's only (a pooled buffer, a fed array read in place).
    /// </summary>
    TValue Keep(TValue value);

    /// <summary>Frees a kept value, or a run's value before its scope ends.</summary>
    void Release(TValue value);

    /// <summary>
    /// The bytes a run's value holds if the executor may free it before the run ends (once its last reader ran); 0 for
    /// a value the kernels own (a pooled buffer). A fast query: it is asked for every intermediate.
    /// </summary>
    long ReleasableBytes(TValue value);

    // IDisposable.Dispose: frees what the kernels keep between runs (pooled buffers) when the session closes.
}

/// <summary>A tensor engine: makes executors for sessions.</summary>
internal interface IBackend
{
    IExecutor CreateExecutor(Graph graph);
}

/// <summary>The backend in use. TorchSharp today; the only place that chooses it.</summary>
internal static class Engine
{
    private static IBackend? _current;

    public static IBackend Current => _current ??= new TorchBackend();
}
