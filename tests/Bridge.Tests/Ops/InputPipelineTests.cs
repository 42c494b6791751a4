using System.Text;
using Bridge.Philox;
using static Bridge.Binding;

namespace Bridge.Tests.Ops;

/// <summary>
/// TF 1.x's reading pipeline: decode_csv (TF 1.0's decode_csv_op.cc: defaults, dtypes, errors), the TextLineReader's
/// keys and values, string_input_producer epochs, batch shapes and order, shuffle_batch's seeded order (TF's
/// RandomShuffleQueue kernel), the coordinator, and the op ids lab 04-4 creates.
/// </summary>
public class InputPipelineTests : GraphFixture
{
    private readonly List<string> _files = [];

    private string File(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bridge-pipeline-{Guid.NewGuid():N}.csv");
        System.IO.File.WriteAllText(path, text);
        _files.Add(path);
        return path;
    }

    [TearDown]
    public void DeleteFiles()
    {
        foreach (var f in _files) System.IO.File.Delete(f);
    }

    private static string Str(NDArray a) => Encoding.UTF8.GetString(a.Data<byte[]>()[0]);

    [Test]
    public void DecodeCsvTakesTypesFromTheDefaultsAndFillsEmptyFields()
    {
        var cols = tf.decode_csv(tf.constant(new[] { "1,2.5,abc,7", ",,,", " -3,1e3,x y,-9223372036854775808" }),
            [new[] { 0 }, new[] { 0f }, new[] { "" }, new[] { 9L }]);
        Assert.That(cols.Select(c => c.dtype), Is.EqualTo(new[] { tf.int32, tf.float32, TF_DataType.TF_STRING, tf.int64 }).AsCollection);
        Assert.That(cols[0].shape.dims, Is.EqualTo(new long[] { 3 }), "the records' shape");
        using var sess = tf.Session();
        var v = sess.run(cols);
        Assert.That(v[0]!.ToArray<int>(), Is.EqualTo(new[] { 1, 0, -3 }));
        Assert.That(v[1]!.ToArray<float>(), Is.EqualTo(new[] { 2.5f, 0f, 1000f }));
        Assert.That(v[2]!.Data<byte[]>().Select(b => Encoding.UTF8.GetString(b)), Is.EqualTo(new[] { "abc", "", "x y" }));
        Assert.That(v[3]!.ToArray<long>(), Is.EqualTo(new[] { 7L, 9, long.MinValue }));
        // Quoted fields: "" is a quote, the delimiter may be inside.
        var quoted = tf.decode_csv(tf.constant("\"a,\"\"b\",2"), [new[] { "" }, new[] { 0 }]);
        Assert.That(Str(sess.run(quoted[0])), Is.EqualTo("a,\"b"));
        Assert.That(sess.run(quoted[1]).ToArray<int>(), Is.EqualTo(new[] { 2 }));
    }

    [Test]
    public void DecodeCsvParsesFloatsAsStrtof()
    {
        // 1 + 2^-24 + 1e-25: strtof rounds it straight to float32, up to 1 + 2^-23 (numpy's loadtxt goes through float64
        // and gets 1.0). A field of spaces reads as 0 in TF 1.0 (strtof reads nothing, and only spaces follow).
        var cols = tf.decode_csv(tf.constant(new[] { "1.0000000596046447753906251, 1e50,-inf, nan,0x1p-2,  " }),
            Enumerable.Repeat<object>(new[] { 0f }, 6));
        using var sess = tf.Session();
        var v = sess.run(cols).Select(a => a!.ToArray<float>()[0]).ToArray();
        Assert.That(v[0], Is.EqualTo(1f + MathF.Pow(2, -23)));
        Assert.That(v[1], Is.EqualTo(float.PositiveInfinity));
        Assert.That(v[2], Is.EqualTo(float.NegativeInfinity));
        Assert.That(float.IsNaN(v[3]));
        Assert.That(v[4], Is.EqualTo(0.25f));
        Assert.That(v[5], Is.EqualTo(0f));
    }

    [Test]
    public void DecodeCsvErrorsAreTfs()
    {
        using var sess = tf.Session();
        InvalidArgumentError Fails(string record, params object[] defaults) =>
            Assert.Throws<InvalidArgumentError>(() => sess.run(tf.decode_csv(tf.constant(record), defaults)[0]))!;
        Assert.That(Fails("1,2", new[] { 0f }, new[] { 0f }, new[] { 0f }).Message, Is.EqualTo("Expect 3 fields but have 2 in record 0"));
        Assert.That(Fails("x", new[] { 0f }).Message, Is.EqualTo("Field 0 in record 0 is not a valid float: x"));
        Assert.That(Fails("2147483648", new[] { 0 }).Message, Is.EqualTo("Field 0 in record 0 is not a valid int32: 2147483648"));
        Assert.That(Fails("+1", new[] { 0 }).Message, Does.Contain("not a valid int32"), "TF's safe_strto32 takes no '+'");
        Assert.That(Fails(",1", new float[0], new[] { 0f }).Message, Is.EqualTo("Field 0 is required but missing in record 0!"));
        Assert.That(Fails("a\"b", (object)new[] { "" }).Message, Is.EqualTo("Unquoted fields cannot have quotes/CRLFs inside"));
        var two = Assert.Throws<ValueError>(() => tf.decode_csv(tf.constant("1"), [new[] { 0f, 1f }]))!;
        Assert.That(two.Message, Does.Contain("Shape of a default must be a length-0 or length-1 vector"), "TF's shape function");
        var e = Assert.Throws<ValueError>(() => tf.decode_csv(tf.constant("1"), [0f]))!;
        Assert.That(e.Message, Does.Contain("Shape must be rank 1 but is rank 0").And.Contain("help:"));
        var t = Assert.Throws<TypeError>(() => tf.decode_csv(tf.constant("1"), [np.array(new[] { 0.0 })]))!;
        Assert.That(t.Message, Does.Contain("float64").And.Contain("help:"));
    }

    private static Coordinator Start(Session sess)
    {
        var coord = tf.train.Coordinator();
        tf.train.start_queue_runners(sess, coord);
        return coord;
    }

    [Test]
    public void TheReaderGivesLinesAndFileColonLineKeysEpochAfterEpoch()
    {
        var path = File("h1,h2\r\na,1\r\n\nc,3");
        var queue = tf.train.string_input_producer(new[] { path }, shuffle: false);
        var (key, value) = tf.TextLineReader(skip_header_lines: 1).read(queue);
        using var sess = tf.Session();
        Start(sess);
        var seen = Enumerable.Range(0, 4).Select(_ =>
        {
            var (k, v) = sess.run((key, value));
            return (Str(k!), Str(v!));
        }).ToArray();
        Assert.That(seen, Is.EqualTo(new[] { ($"{path}:2", "a,1"), ($"{path}:3", ""), ($"{path}:4", "c,3"), ($"{path}:2", "a,1") }));
    }

    [Test]
    public void BatchStacksElementsInOrderAcrossEpochs()
    {
        var path = File("0,0\n1,10\n2,20\n3,30\n4,40\n");
        var q = tf.train.string_input_producer(new[] { path }, shuffle: false, name: "filename_queue");
        var (_, value) = tf.TextLineReader().read(q);
        var xy = tf.decode_csv(value, [new[] { 0f }, new[] { 0f }]);
        var batch = tf.train.batch(new object[] { xy, xy[1..] }, batch_size: 3);
        Assert.That(batch[0].shape.dims, Is.EqualTo(new long[] { 3, 2 }), "a list of tensors auto-packs");
        Assert.That(batch[1].shape.dims, Is.EqualTo(new long[] { 3, 1 }));
        Assert.That(q.name, Is.EqualTo("filename_queue"));
        Assert.That(batch[0].op.name, Is.EqualTo("batch"));
        using var sess = tf.Session();
        Start(sess);
        Assert.That(sess.run(batch[0]).ToArray<float>(), Is.EqualTo(new[] { 0f, 0, 1, 10, 2, 20 }));
        Assert.That(sess.run(batch[1]).ToArray<float>(), Is.EqualTo(new[] { 30f, 40, 0 }), "the second epoch follows the first");
        var both = sess.run(batch);
        Assert.That(both[0]!.ToArray<float>(), Is.EqualTo(new[] { 1f, 10, 2, 20, 3, 30 }), "one dequeue per run, whatever is fetched");
        Assert.That(both[1]!.ToArray<float>(), Is.EqualTo(new[] { 10f, 20, 30 }));
    }

    [Test]
    public void NumEpochsEndsInOutOfRangeError()
    {
        var path = File("1\n2\n3\n4\n5\n");
        var q = tf.train.string_input_producer(new[] { path }, num_epochs: 1, shuffle: false);
        var (_, value) = tf.TextLineReader().read(q);
        var x = tf.decode_csv(value, [new[] { 0 }])[0];
        var full = tf.train.batch([x], batch_size: 2);
        using var sess = tf.Session();
        var coord = Start(sess);
        // The epoch counter is a local variable: TF fails until it is initialised.
        Assert.That(Assert.Throws<FailedPreconditionError>(() => sess.run(full[0]))!.Message, Does.Contain("local_variables_initializer"));
        tf.reset_default_graph();

        q = tf.train.string_input_producer(new[] { path }, num_epochs: 1, shuffle: false);
        (_, value) = tf.TextLineReader().read(q);
        x = tf.decode_csv(value, [new[] { 0 }])[0];
        full = tf.train.batch([x], batch_size: 2);
        var init = tf.local_variables_initializer();
        using var sess2 = tf.Session();
        sess2.run(init);
        Start(sess2);
        Assert.That(sess2.run(full[0]).ToArray<int>(), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(sess2.run(full[0]).ToArray<int>(), Is.EqualTo(new[] { 3, 4 }));
        var e = Assert.Throws<OutOfRangeError>(() => sess2.run(full[0]))!;
        Assert.That(e.Message, Does.Match(@"^FIFOQueue '_\d+_batch/fifo_queue' is closed and has insufficient elements \(requested 2, current size 1\)$"));
        Assert.Throws<OutOfRangeError>(() => sess2.run(full[0]), "and again");
    }

    [Test]
    public void AllowSmallerFinalBatchGivesTheRest()
    {
        var path = File("1\n2\n3\n");
        var q = tf.train.string_input_producer(new[] { path }, num_epochs: 1, shuffle: false);
        var (_, value) = tf.TextLineReader().read(q);
        var x = tf.decode_csv(value, [new[] { 0 }])[0];
        var b = tf.train.batch([x], batch_size: 2, allow_smaller_final_batch: true)[0];
        Assert.That(b.shape.as_list(), Is.EqualTo(new int?[] { null }));
        using var sess = tf.Session();
        sess.run(tf.local_variables_initializer());
        Start(sess);
        Assert.That(sess.run(b).ToArray<int>(), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(sess.run(b).ToArray<int>(), Is.EqualTo(new[] { 3 }));
        Assert.Throws<OutOfRangeError>(() => sess.run(b));
    }

    [Test]
    public void ShuffleBatchDrawsAsTfsRandomShuffleQueue()
    {
        tf.set_random_seed(5);
        var values = Enumerable.Range(0, 8).Select(i => (float)i).ToArray();
        var q = tf.train.string_input_producer(new[] { File(string.Join("\n", values) + "\n") }, shuffle: false);
        var (_, value) = tf.TextLineReader().read(q);
        var x = tf.decode_csv(value, [new[] { 0f }])[0];
        var b = tf.train.shuffle_batch([x], batch_size: 3, capacity: 5, min_after_dequeue: 2)[0];
        var queueOp = tf.get_default_graph().get_operations().Single(o => o.type == "RandomShuffleQueueV2");
        var a = (QueueAttr)queueOp.Attr!;
        Assert.That((a.Seed, a.Seed2), Is.EqualTo((5L, (long)queueOp.Id - 1)), "graph seed, and the op id before the queue");

        // TF's kernel: the queue is kept full (5 elements) and each draw takes index u32 % size, moving the last
        // element into its place, until 2 remain; then the runner refills it.
        var rng = new TfPhilox(a.Seed, a.Seed2);
        var block = new uint[4];
        int used = 4;
        uint Next()
        {
            if (used == 4) { rng.NextBlock(block); used = 0; }
            return block[used++];
        }
        var pool = new List<float>();
        int next = 0;
        var expected = new List<float>();
        for (int batchIndex = 0; batchIndex < 4; batchIndex++)
            for (int k = 0; k < 3; k++)
            {
                if (pool.Count <= 2) while (pool.Count < 5) pool.Add(values[next++ % 8]);
                int i = (int)(Next() % (uint)pool.Count);
                expected.Add(pool[i]);
                pool[i] = pool[^1];
                pool.RemoveAt(pool.Count - 1);
            }
        using var sess = tf.Session();
        Start(sess);
        var got = Enumerable.Range(0, 4).SelectMany(_ => sess.run(b).ToArray<float>()).ToArray();
        Assert.That(got, Is.EqualTo(expected.ToArray()));
        Assert.That(got, Is.Not.EqualTo(values.Concat(values).Take(12).ToArray()), "shuffled");
    }

    [Test]
    public void StringInputProducerShufflesFilenamesWithTfsRandomShuffle()
    {
        tf.set_random_seed(3);
        var names = Enumerable.Range(0, 5).Select(i => $"f{i}").ToArray();
        var q = tf.train.string_input_producer(names, shuffle: true);
        var deq = q.dequeue()[0];
        var enq = tf.get_default_graph().get_operations().Single(o => o.type == "QueueEnqueueManyV2");
        var p = (ProducerAttr)enq.Attr!;
        // TF's RandomShuffle: reserve (n - 1 + 3) / 4 blocks of the op's generator per run, then Fisher-Yates with
        // i + u32 % (n - i).
        var shared = new TfPhilox(p.Seed, p.Seed2);
        var expected = new List<string>();
        for (int epoch = 0; epoch < 2; epoch++)
        {
            var local = shared.Clone();
            shared.Skip(1);
            var block = new uint[4];
            local.NextBlock(block);
            var order = names.ToArray();
            for (int i = 0; i < 4; i++)
            {
                int j = i + (int)(block[i] % (uint)(5 - i));
                (order[i], order[j]) = (order[j], order[i]);
            }
            expected.AddRange(order);
        }
        using var sess = tf.Session();
        Start(sess);
        var got = Enumerable.Range(0, 10).Select(_ => Str(sess.run(deq))).ToArray();
        Assert.That(got, Is.EqualTo(expected.ToArray()));
        Assert.That(got[..5], Is.EquivalentTo(names), "each epoch is a permutation");
    }

    [Test]
    public void WithoutRunnersADequeueFailsInsteadOfWaitingForever()
    {
        var q = tf.train.string_input_producer(new[] { "a.csv" }, shuffle: false);
        using var sess = tf.Session();
        var e = Assert.Throws<FailedPreconditionError>(() => sess.run(q.dequeue()[0]))!;
        Assert.That(e.Message, Does.Contain("start_queue_runners").And.Contain("help:"));
    }

    [Test]
    public void AMissingFileIsNotFoundAndStopIsHonoured()
    {
        var q = tf.train.string_input_producer(new[] { "/nonexistent/bridge.csv" }, shuffle: false);
        var (_, value) = tf.TextLineReader().read(q);
        using var sess = tf.Session();
        var coord = Start(sess);
        var e = Assert.Throws<NotFoundError>(() => sess.run(value))!;
        Assert.That(e.Message, Does.StartWith("/nonexistent/bridge.csv; No such file or directory"));

        tf.reset_default_graph();
        var fifo = tf.FIFOQueue(4, [tf.int32], [Shape.Scalar]);
        var enq = fifo.enqueue(tf.constant(7));
        tf.train.add_queue_runner(tf.train.QueueRunner(fifo, [enq]));
        var deq = fifo.dequeue()[0];
        using var sess2 = tf.Session();
        var c2 = Start(sess2);
        Assert.That(sess2.run(deq).ToArray<int>(), Is.EqualTo(new[] { 7 }));
        Assert.That(c2.should_stop(), Is.False);
        c2.request_stop(new InvalidArgumentError("boom"));
        Assert.That(c2.should_stop(), Is.True);
        Assert.Throws<OutOfRangeError>(() => sess2.run(deq), "the stop closed the runner's queue");
        Assert.That(Assert.Throws<InvalidArgumentError>(() => c2.join())!.Message, Is.EqualTo("boom"));
        var clean = tf.train.Coordinator();
        clean.request_stop(new OutOfRangeError("the input ran out"));
        Assert.DoesNotThrow(() => clean.join(), "OutOfRangeError is TF's clean stop");
    }

    [Test]
    public void ARunnerThatAddsNothingIsAnErrorNotAHang()
    {
        var q = tf.FIFOQueue(4, [tf.float32], [Shape.Scalar]);
        tf.train.add_queue_runner(tf.train.QueueRunner(q, [q.enqueue_many(new object[] { tf.constant(new float[0]) })]));
        using var sess = tf.Session();
        Start(sess);
        var e = Assert.Throws<FailedPreconditionError>(() => sess.run(q.dequeue()[0]))!;
        Assert.That(e.Message, Does.Contain("without adding an element").And.Contain("help:"));
    }

    [Test]
    public void QueuesEnqueueDequeueAndReportTheirSize()
    {
        var q = tf.FIFOQueue(10, [tf.float32, tf.int32], [new Shape(2), Shape.Scalar]);
        var many = q.enqueue_many(new object[] { new[,] { { 1f, 2f }, { 3f, 4f } }, new[] { 5, 6 } });
        var one = q.dequeue();
        var size = q.size();
        var close = q.close();
        using var sess = tf.Session();
        sess.run(many);
        Assert.That(sess.run(size).ToArray<int>(), Is.EqualTo(new[] { 2 }));
        var first = sess.run(one);
        Assert.That(first[0]!.ToArray<float>(), Is.EqualTo(new[] { 1f, 2f }));
        Assert.That(first[1]!.ToArray<int>(), Is.EqualTo(new[] { 5 }));
        sess.run(close);
        Assert.That(sess.run(one)[1]!.ToArray<int>(), Is.EqualTo(new[] { 6 }), "a closed queue still gives what it holds");
        var e = Assert.Throws<OutOfRangeError>(() => sess.run(one))!;
        Assert.That(e.Message, Does.Contain("is closed and has insufficient elements (requested 1, current size 0)"));
        Assert.Throws<CancelledError>(() => sess.run(many));
        Assert.Throws<ValueError>(() => q.enqueue(new object[] { 1f }), "two components");
    }

    [Test]
    public void Lab044CreatesTf10sOpIds()
    {
        // lab-04-4's pipeline creates 51 ops in TF 1.0 before its placeholders: string_input_producer 18 (Const,
        // the size assert 7, FIFOQueueV2, QueueEnqueueManyV2, two closes, the summary 6), TextLineReaderV2,
        // ReaderReadV2, decode_csv 5, batch 26 (two Packs, keep_input, FIFOQueueV2, the cond 12, two closes, the
        // summary 6, n and QueueDequeueManyV2). Its initial weights (and its recorded outputs) depend on it.
        tf.set_random_seed(777);
        var q = tf.train.string_input_producer(new[] { "data-01-test-score.csv" }, shuffle: false, name: "filename_queue");
        var (_, value) = tf.TextLineReader().read(q);
        var xy = tf.decode_csv(value, [new[] { 0f }, new[] { 0f }, new[] { 0f }, new[] { 0f }]);
        tf.train.batch(new object[] { xy[..^1], xy[^1..] }, batch_size: 10);
        Assert.That(tf.get_default_graph().LastId, Is.EqualTo(51));
    }
}
