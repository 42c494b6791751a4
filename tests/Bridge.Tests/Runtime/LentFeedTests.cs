using System.Runtime.InteropServices;
using Bridge.Backend.Torch;
using Bridge.Interop;
using static Bridge.Binding;

namespace Bridge.Tests.Runtime;

/// <summary>
/// Large Python feeds read in place for their run (issue 15: a feed costs no copy). Driven as the Python package drives
/// <see cref="PreparedRun"/>: the feed is native memory (numpy's buffer) described in the metadata buffer. What is
/// checked: the paths a large feed takes read it without a .NET copy; every value that outlives the run (a result, a
/// variable's, a queue element) is a copy, so that writing into the buffer after the run changes nothing; the buffer
/// is never written; and an array over lent memory read after its run fails loudly instead of reading freed memory.
/// </summary>
public sealed class LentFeedTests : GraphFixture
{
    private const int N = 300_000; // 1.2 MB of float32: above PythonInterop.LendFeedBytes

    /// <summary>A numpy-like float32 buffer (a pinned array: its address is all Bridge sees), and a prepared run over its
    /// session, as python/bridge/_session.py makes them.</summary>
    private sealed class PythonSide : IDisposable
    {
        private readonly long[] _meta;
        private readonly byte[] _scratch = new byte[16384];
        private readonly GCHandle _metaPin, _scratchPin, _feedPin;
        public readonly float[] Buffer;
        public readonly PreparedRun Run;

        public PythonSide(Session sess, ITensorOrOperation[] fetches, Tensor x, float[] values)
        {
            Buffer = (float[])values.Clone();
            _feedPin = GCHandle.Alloc(Buffer, GCHandleType.Pinned);
            _meta = new long[Math.Max(fetches.Length, 1) * PreparedRun.Record];
            _metaPin = GCHandle.Alloc(_meta, GCHandleType.Pinned);
            _scratchPin = GCHandle.Alloc(_scratch, GCHandleType.Pinned);
            Run = PythonInterop.Prepare(sess, fetches, [x], _metaPin.AddrOfPinnedObject(), _meta.Length, _scratchPin.AddrOfPinnedObject(), _scratch.Length);
        }

        public nint Address => _feedPin.AddrOfPinnedObject();

        /// <summary>One run with the buffer fed; the results that did not fit the scratch buffer, copied out as Python does.</summary>
        public float[][] RunOnce()
        {
            _meta[0] = Address;
            _meta[1] = 0; // float32
            _meta[2] = 1;
            _meta[3] = Buffer.Length;
            int large = Run.Run();
            var outputs = new List<(float[] a, GCHandle h)>();
            for (int j = 0; j * PreparedRun.Record < _meta.Length && large > 0; j++)
            {
                var r = _meta.AsSpan(j * PreparedRun.Record, PreparedRun.Record);
                if (r[0] < 0 || r[^1] >= 0) continue;
                long n = 1;
                for (int d = 0; d < r[1]; d++) n *= r[2 + d];
                var a = new float[n];
                var h = GCHandle.Alloc(a, GCHandleType.Pinned);
                r[^1] = h.AddrOfPinnedObject(); // copied, even where Pin would take it in place
                outputs.Add((a, h));
            }
            if (large > 0) Run.CopyLarge();
            foreach (var (_, h) in outputs) h.Free();
            return outputs.Select(o => o.a).ToArray();
        }

        public void Dispose()
        {
            _metaPin.Free();
            _scratchPin.Free();
            _feedPin.Free();
        }
    }

    private static float[] Ramp(int n) => Enumerable.Range(0, n).Select(i => (i % 1000) * 0.25f - 7).ToArray();

    [Test]
    public void AReducedFeedIsReadInPlaceAndAgreesWithTheCopy([Values("by-size", "managed", "torch")] string placement)
    {
        var x = tf.placeholder(tf.float32, new Shape(-1));
        var sum = tf.reduce_sum(x);
        var mean = tf.reduce_mean(tf.reshape(x, new Shape(600, 500)), axis: 1);
        using var sess = tf.Session();
        var values = Ramp(N);
        var copied = sess.run(new ITensorOrOperation[] { sum, mean }, (x, new NDArray(values, N)));
        var saved = PythonInterop.SetPlacement(placement);
        try
        {
            using var py = new PythonSide(sess, [sum, mean], x, values);
            long before = PythonInterop.LentFeedCopies, open = PythonInterop.OpenLoans;
            py.RunOnce(); // small results: in the scratch buffer; the run itself is what is measured
            Assert.That(PythonInterop.LentFeedCopies - before, Is.EqualTo(0), "sum, mean and reshape read the feed in place; libtorch copies it into its tensor");
            Assert.That(PythonInterop.OpenLoans, Is.EqualTo(open), "the run ended its loan");
            var lent = sess.run(new ITensorOrOperation[] { sum, mean }, (x, LentView(py, out var loan)));
            loan.Revoke();
            Assert.That(lent[0]!.ToArray<float>(), Is.EqualTo(copied[0]!.ToArray<float>()));
            Assert.That(lent[1]!.ToArray<float>(), Is.EqualTo(copied[1]!.ToArray<float>()));
            Assert.That(py.Buffer, Is.EqualTo(values), "the caller's buffer is never written");
        }
        finally { PythonInterop.SetPlacement(saved); }
    }

    // An NDArray over the Python side's buffer, as PythonInterop.Feed makes one (its loan is the test's: ended by hand).
    private static NDArray LentView(PythonSide py, out ForeignMemory loan) =>
        new(loan = new ForeignMemory(py.Address, py.Buffer.Length, TF_DataType.TF_FLOAT), [py.Buffer.Length]);

    [Test]
    public void AFetchedFeedAVariableAssignedItAndAQueueElementAreCopies()
    {
        var x = tf.placeholder(tf.float32, new Shape(N));
        var v = tf.Variable(tf.zeros(new Shape(N)));
        var q = tf.FIFOQueue(2, [tf.float32], [new Shape(N)]);
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        var values = Ramp(N);
        using var py = new PythonSide(sess, [x, tf.reshape(x, new Shape(600, 500)), v.assign(x), q.enqueue(x)], x, values);
        var results = py.RunOnce();
        Array.Fill(py.Buffer, 99f); // the caller writes into its array after the run
        Assert.That(results, Has.Length.EqualTo(3));
        foreach (var r in results) Assert.That(r, Is.EqualTo(values), "each fetched value is the feed's, copied before the run returned");
        Assert.That(sess.run(v).ToArray<float>(), Is.EqualTo(values), "the variable keeps the fed value");
        Assert.That(sess.run(q.dequeue()[0]).ToArray<float>(), Is.EqualTo(values), "the queue keeps the fed value");
    }

    [Test]
    public void AnArrayOverLentMemoryFailsLoudlyAfterItsRunAndACopyLivesOn()
    {
        var data = Ramp(1000);
        var pin = GCHandle.Alloc(data, GCHandleType.Pinned);
        try
        {
            nint p = pin.AddrOfPinnedObject();
            var loan = new ForeignMemory(p, data.Length, TF_DataType.TF_FLOAT);
            var a = new NDArray(loan, [1000]);
            var view = a.WithDims([10, 100]);
            Assert.That(view.IsBorrowed && a.IsBorrowed, Is.True, "a reshape of lent memory is lent memory, not a copy");
            Assert.That(a.Values<float>()[3], Is.EqualTo(data[3]));
            long before = PythonInterop.LentFeedCopies;
            Assert.That(view.Storage, Is.SameAs(a.Storage), "one managed copy, shared by every view of the loan");
            Assert.That(PythonInterop.LentFeedCopies - before, Is.EqualTo(1));
            var detached = a.Detached();
            Assert.That(detached.IsBorrowed, Is.False);
            Assert.That(detached.Storage, Is.Not.SameAs(a.Storage), "a value leaving the run shares nothing with the loan's views");
            var kept = (NDArray)new HybridKernels().Keep(a);
            Assert.That(kept.IsBorrowed, Is.False, "a kept value (a variable's) is a copy");

            var unreadLoan = new ForeignMemory(p, data.Length, TF_DataType.TF_FLOAT);
            var unread = new NDArray(unreadLoan, [1000]);
            var unreadView = unread.WithDims([10, 100]);
            Assert.That(unread.Detached().ToArray<float>(), Is.EqualTo(data), "before its loan ends it reads the memory");
            loan.Revoke();
            unreadLoan.Revoke();
            Assert.That(() => unreadView.Values<float>().ToArray(), Throws.InstanceOf<RuntimeError>()
                .With.Message.Contains("after its Session.run had returned").And.Message.Contains("Bridge bug"));
            Assert.That(() => unread.Storage, Throws.InstanceOf<RuntimeError>());
            Assert.That(() => unread.Detached(), Throws.InstanceOf<RuntimeError>());
            Assert.That(a.Values<float>()[999], Is.EqualTo(data[999]), "a copy made before the loan ended stays readable");
            Assert.That(view.Storage, Is.SameAs(a.Storage));
        }
        finally { pin.Free(); }
    }
}
