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
    }
}
