namespace Bridge.Runtime;

/// <summary>Runs a graph for one Session: the only thing a Session knows of the engine.</summary>
internal interface IExecutor : IDisposable
{
    /// <summary>Evaluates <paramref name="fetches"/> and runs <paramref name="targets"/>, with fed values replacing tensors.</summary>
    NDArray[] Run(Tensor[] fetches, Operation[] targets, IReadOnlyDictionary<Tensor, NDArray> feeds);

    /// <summary>The session's queues and readers (created on first use).</summary>
    InputPipeline Pipeline { get; }
}
