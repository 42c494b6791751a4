namespace Bridge.Interop;

/// <summary>
/// MNIST's <see cref="DataSet.next_batch"/> for the Python package (<c>python/bridge/input_data.py</c>): the batch is
/// copied straight into numpy arrays Python allocated, in one .NET call. Through pythonnet, the call returning the
/// tuple of NDArrays and the conversions of each to numpy cost about 250 us a batch, five times the batch itself.
/// </summary>
/// <remarks>As <see cref="PythonInterop"/>: plain numbers only (addresses as <c>long</c>), no Python object, no GIL needed.</remarks>
public static class PythonData
{
    /// <summary>
    /// <c>set.next_batch(batch_size, shuffle)</c>, its images copied to <paramref name="images"/> and its labels to
    /// <paramref name="labels"/>: addresses of C-contiguous numpy arrays with room for them (the shapes and dtypes of a
    /// batch of this size, as an earlier batch of the same set gives them).
    /// </summary>
    public static void NextBatch(DataSet set, int batch_size, bool shuffle, long images, long labels)
    {
        var (x, y) = set.next_batch(batch_size, shuffle);
        PythonInterop.CopyTo(x, images);
        PythonInterop.CopyTo(y, labels);
        TrainingProgress.ForBatches(set, batch_size);
    }

    /// <summary>Reports a batch taken by <c>set.next_batch</c> otherwise (the first one): the progress line on a terminal.</summary>
    public static void BatchDone(DataSet set, int batch_size) => TrainingProgress.ForBatches(set, batch_size);

    /// <summary>Whether a progress line may be drawn (<see cref="TrainingProgress.Enabled"/>): Python then clears it before its prints.</summary>
    public static bool ProgressEnabled => TrainingProgress.Enabled;

    /// <summary>Clears the progress line, if one is on the terminal (before Python writes to stdout).</summary>
    public static void ClearProgress() => TrainingProgress.ClearShown();

    /// <summary>The cost the progress line shows: the last float scalar a Python session run fetched.</summary>
    public static void ReportCost(double cost) => TrainingProgress.ReportCost((float)cost);
}
