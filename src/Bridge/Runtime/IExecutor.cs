namespace Bridge.Runtime;

/// <summary>Runs a graph for one Session: the only thing a Session knows of the engine.</summary>
internal interface IExecutor : IDisposable
{
    /// <summary>Evaluates <paramref name="fetches"/> and runs <paramref name="targets"/>, with fed values replacing tensors.</summary>
    /// <param name="fetches">The tensors whose values are returned, in order.</param>
    /// <param name="targets">Operations run for their effects.</param>
    /// <param name="feeds">Values that replace tensors for this run.</param>
    /// <param name="owned">When given (one slot per fetch), set to whether result <c>i</c>'s storage belongs to this run's
    /// caller alone: no variable, constant, queue, other result or (unless <paramref name="privateFeeds"/>) feed holds it, so
    /// that a host may hand it out without a copy (see <see cref="Interop.PreparedRun"/>).</param>
    /// <param name="privateFeeds">The fed NDArrays are copies made for this run only, or arrays over memory lent for it,
    /// which results never share (the Python route's).</param>
    NDArray[] Run(Tensor[] fetches, Operation[] targets, IReadOnlyDictionary<Tensor, NDArray> feeds, bool[]? owned = null, bool privateFeeds = false);

    /// <summary>The session's queues and readers (created on first use).</summary>
    InputPipeline Pipeline { get; }
}
