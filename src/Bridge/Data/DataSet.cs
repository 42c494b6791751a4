using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Bridge.Kernels;

namespace Bridge;

/// <summary>
/// One split of MNIST (TF 1.x's <c>mnist.DataSet</c>): images as rows of pixels, labels, and an epoch-aware
/// <see cref="next_batch"/>. Rows are never moved in memory: the current order is an index array, so a shuffle
/// costs 4 bytes per example instead of a copy of every image, and a batch copies exactly its own rows. With a second
/// core, the next batch (of the last size asked for, within the epoch) is copied ahead by the helper thread while the
/// caller trains on this one (<see cref="Kernels.HelperThread"/>): the same rows in the same order, as TF's.
/// float32 images may be held as their uint8 pixels and scaled row by row as they are handed out, with TF's rounding
/// (<see cref="input_data.Scale"/>): the same floats from a quarter of the memory.
/// </summary>
public sealed class DataSet
{
    // float[] in [0, 1], or byte[] pixels, num_examples x _rowLength; replaced once by its floats when a scaled
    // storage is asked for whole (images before a shuffle is the storage itself, as TF's attribute was)
    private Array _images;
    private readonly bool _floatPixels;  // the images are float32 (a byte[] storage then holds pixels to scale)
    private readonly long[] _imageDims;  // [n, 784] or [n, 28, 28, 1] (reshape: false)
    private readonly int _rowLength;
    private readonly Array _labels;      // float[] one-hot rows of _numClasses, or byte[] class ids
    private readonly int _labelLength;   // 10 for one-hot, 1 for class ids
    private readonly NumPyRandomState _random;
    private readonly int[] _order;       // row i of the current order is original row _order[i]
    private bool _shuffled;
    private NDArray? _imagesView, _labelsView;

    internal DataSet(Array images, long[] imageDims, Array labels, int labelLength, NumPyRandomState random, bool floatPixels = false)
    {
        _images = images;
        _floatPixels = floatPixels || images is float[];
        _imageDims = imageDims;
        num_examples = (int)imageDims[0];
        _rowLength = num_examples == 0 ? 0 : images.Length / num_examples;
        _labels = labels;
        _labelLength = labelLength;
        if (labels.Length != (long)num_examples * labelLength)
            throw new ValueError($"DataSet: {num_examples} images but {labels.Length / labelLength} labels. - help: images and labels must come in pairs.");
        _random = random;
        _order = new int[num_examples];
        for (var i = 0; i < _order.Length; i++) _order[i] = i;
    }

    /// <summary>Number of examples (rows) in this split.</summary>
    public int num_examples { get; }

    /// <summary>How many times <see cref="next_batch"/> has gone past the end of the data.</summary>
    public int epochs_completed { get; private set; }

    /// <summary>Position of the next batch within the current epoch's order.</summary>
    public int index_in_epoch { get; private set; }

    /// <summary>
    /// All images, [num_examples, 784] (float32 in [0, 1], or uint8 with <c>dtype: TF_UINT8</c>), in the current
    /// order: after <see cref="next_batch"/> has shuffled, the shuffled order, as TF's attribute was.
    /// </summary>
    public NDArray images => _imagesView ??= new NDArray(GatherImages(), _imageDims);

    /// <summary>All labels in the current order: one-hot float32 [num_examples, 10], or uint8 class ids [num_examples].</summary>
    public NDArray labels => _labelsView ??= _labelLength == 1
        ? new NDArray(Gather(_labels, 1), num_examples)
        : new NDArray(Gather(_labels, _labelLength), num_examples, _labelLength);

    /// <summary>
    /// The next <paramref name="batch_size"/> examples, as TF 1.x: the first call shuffles (with <paramref name="shuffle"/>),
    /// and a batch that runs past the end is the rest of this epoch followed by the start of the next epoch,
    /// which is shuffled anew; <see cref="epochs_completed"/> then counts one more.
    /// </summary>
    /// <returns>The images [batch_size, 784] and labels ([batch_size, 10] one-hot or [batch_size] class ids).</returns>
    public (NDArray images, NDArray labels) next_batch(int batch_size, bool shuffle = true)
    {
        if (batch_size <= 0 || batch_size > num_examples)
            throw new ValueError($"DataSet.next_batch: batch_size {batch_size} is not in 1..{num_examples} (num_examples). - help: pass a batch size no larger than the data set.");

        var start = index_in_epoch;
        var ahead = _ahead;
        _ahead = null;
        if (ahead is not null && ahead.Start == start && ahead.Size == batch_size)
        {
            // The batch the helper thread copied ahead (the same rows of the same order), or copied here now.
            var (px, py) = ahead.Take(patienceMicroseconds: 100);
            index_in_epoch += batch_size;
            CopyAhead(batch_size);
            return (Wrap(px, batch_size, _imageDims), Wrap(py, batch_size, _labelLength == 1 ? [num_examples] : [num_examples, _labelLength]));
        }
        ahead?.Cancel(); // another batch size: dropped (a copy under way only reads the order, into arrays of its own)

        var xs = NewImages(batch_size * _rowLength);
        var ys = NewLike(_labels, batch_size * _labelLength);
        if (epochs_completed == 0 && start == 0 && shuffle) Shuffle();

        if (start + batch_size > num_examples)
        {
            // Rest of this epoch, then the head of the next one in its own (new) order.
            epochs_completed++;
            var rest = num_examples - start;
            CopyRows(start, rest, xs, ys, 0);
            if (shuffle) Shuffle();
            index_in_epoch = batch_size - rest;
            CopyRows(0, index_in_epoch, xs, ys, rest);
        }
        else
        {
            index_in_epoch += batch_size;
            CopyRows(start, batch_size, xs, ys, 0);
        }
        CopyAhead(batch_size);
        return (Wrap(xs, batch_size, _imageDims), Wrap(ys, batch_size, _labelLength == 1 ? [num_examples] : [num_examples, _labelLength]));
    }

    private Ahead? _ahead; // the next batch, being copied by the helper thread

    /// <summary>Whether the next batch is copied ahead on the helper thread (tests turn it off to compare).</summary>
    internal bool CopiesAhead { get; set; } = true;

    /// <summary>
    /// Hands the copy of the next batch of this size to the helper thread, when it lies within this epoch (a batch
    /// that crosses the end shuffles, which stays on the caller, in order). Each row is copied as the caller would.
    /// </summary>
    private void CopyAhead(int batchSize)
    {
        if (!CopiesAhead || index_in_epoch + batchSize > num_examples || !HelperThread.Worthwhile || (long)batchSize * _rowLength < 4096) return;
        _ahead = new Ahead(this, index_in_epoch, batchSize);
        HelperThread.Post(_ahead);
    }

    /// <summary>A batch copied in steps of <see cref="StepRows"/> rows (the helper takes product parts between them).</summary>
    private sealed class Ahead(DataSet set, int start, int size) : HelperThread.Ahead<Tuple<Array, Array>>
    {
        private const int StepRows = 10;

        public int Start => start;
        public int Size => size;

        protected override int Steps => (size + StepRows - 1) / StepRows;

        protected override Tuple<Array, Array> Begin() =>
            Tuple.Create(set.NewImages(size * set._rowLength), NewLike(set._labels, size * set._labelLength));

        protected override void Step(Tuple<Array, Array> batch, int index)
        {
            int from = index * StepRows, count = Math.Min(StepRows, size - from);
            set.CopyRows(start + from, count, batch.Item1, batch.Item2, from, prefetchRows: size - from);
        }

        public new (Array xs, Array ys) Take(int patienceMicroseconds)
        {
            var t = base.Take(patienceMicroseconds);
            return (t.Item1, t.Item2);
        }
    }

    /// <summary>An array for <paramref name="length"/> pixels as handed out (float32 or uint8); uninitialized.</summary>
    private Array NewImages(int length) => _floatPixels ? GC.AllocateUninitializedArray<float>(length) : GC.AllocateUninitializedArray<byte>(length);

    /// <summary>An array of the storage's element type; uninitialized, as every element is copied over.</summary>
    private static Array NewLike(Array storage, int length) => storage switch
    {
        float[] => GC.AllocateUninitializedArray<float>(length),
        byte[] => GC.AllocateUninitializedArray<byte>(length),
        _ => throw new InvalidOperationException(),
    };

    private static NDArray Wrap(Array storage, int rows, long[] dims)
    {
        var d = (long[])dims.Clone();
        d[0] = rows;
        return new NDArray(storage, d);
    }

    /// <summary>Shuffles the current order in place with numpy's draws: the same as TF's <c>data[perm]</c> of a fresh permutation.</summary>
    private void Shuffle()
    {
        _random.Shuffle(_order);
        _shuffled = true;
        _imagesView = _labelsView = null;
    }

    /// <summary>Copies rows from .. from + count - 1 of the current order to rows to .. of xs and ys; the next
    /// <paramref name="prefetchRows"/> rows from <paramref name="from"/> on (default: count) may be asked for ahead.</summary>
    private void CopyRows(int from, int count, Array xs, Array ys, int to, int prefetchRows = -1)
    {
        int ahead = prefetchRows < 0 ? count : prefetchRows;
        switch (_images) // read once: the helper may copy a batch while the caller replaces a scaled storage by its floats
        {
            case float[] f: CopyRows(f, _rowLength, from, count, (float[])xs, to, ahead); break;
            case byte[] b when _floatPixels: CopyRows(b, _rowLength, from, count, (float[])xs, to, ahead); break;
            case byte[] b: CopyRows(b, _rowLength, from, count, (byte[])xs, to, ahead); break;
        }
        switch (_labels)
        {
            case float[] f: CopyRows(f, _labelLength, from, count, (float[])ys, to); break;
            case byte[] b: CopyRows(b, _labelLength, from, count, (byte[])ys, to); break;
        }
    }

    // Optimized from the first call: a lab's first epochs would otherwise run tier-0 code. Shuffled rows lie anywhere
    // in memory, and waiting for each row's memory is most of a batch's copy (57 us for 100 random rows of floats
    // against 14 us for consecutive ones): the loop asks for the row `Ahead` places on while it copies this one (~20%
    // faster). Rows of bytes copied into floats (float32 images held as pixels) are scaled as they are copied, with
    // the rounding TF's loader gave the whole set (float32(p) * float32(1/255)); the JIT drops the untaken branch.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void CopyRows<T, TOut>(T[] source, int width, int from, int count, TOut[] dest, int to, int prefetchRows = -1)
        where T : unmanaged where TOut : unmanaged
    {
        const int Ahead = 16;
        int known = prefetchRows < 0 ? count : prefetchRows; // rows of the order from `from` on that may be prefetched
        fixed (T* start = source)
            for (var i = 0; i < count; i++)
            {
                if (Sse.IsSupported && i + Ahead < known)
                {
                    byte* row = (byte*)(start + (long)_order[from + i + Ahead] * width);
                    for (int line = 0; line < width * sizeof(T); line += 64) Sse.Prefetch0(row + line);
                }
                var rowSource = source.AsSpan(_order[from + i] * width, width);
                if (typeof(T) == typeof(TOut))
                    MemoryMarshal.Cast<T, TOut>(rowSource).CopyTo(dest.AsSpan((to + i) * width, width));
                else if (typeof(T) == typeof(byte) && typeof(TOut) == typeof(float))
                    input_data.Scale(MemoryMarshal.Cast<T, byte>(rowSource), MemoryMarshal.Cast<TOut, float>(dest.AsSpan((to + i) * width, width)));
                else throw new InvalidOperationException($"DataSet: no copy of {typeof(T).Name} rows into {typeof(TOut).Name}");
            }
    }

    /// <summary>
    /// All images in the current order. Before the first shuffle that is the storage itself (a byte storage of float32
    /// images is first replaced by its floats, once); after it, a gathered copy.
    /// </summary>
    private Array GatherImages()
    {
        var images = _images;
        if (images is byte[] pixels && _floatPixels)
        {
            var floats = GC.AllocateUninitializedArray<float>(pixels.Length);
            if (!_shuffled)
            {
                input_data.Scale(pixels, floats);
                _images = floats;
            }
            else CopyRows(pixels, _rowLength, 0, num_examples, floats, 0);
            return floats;
        }
        return Gather(images, _rowLength);
    }

    /// <summary>The storage in the current order: the storage itself until the first shuffle, a gathered copy after.</summary>
    private Array Gather(Array source, int width)
    {
        if (!_shuffled) return source;
        var dest = NewLike(source, source.Length);
        switch (source)
        {
            case float[] f: CopyRows(f, width, 0, num_examples, (float[])dest, 0); break;
            case byte[] b: CopyRows(b, width, 0, num_examples, (byte[])dest, 0); break;
        }
        return dest;
    }
}
