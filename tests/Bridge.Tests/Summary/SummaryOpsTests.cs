using Bridge.Summary;
using static Bridge.Binding;

namespace Bridge.Tests.Summary;

/// <summary>tf.summary ops in a graph and tf.summary.FileWriter: the written event file reads back record by record.</summary>
public class SummaryOpsTests : GraphFixture
{
    [Test]
    public void FileWriterWritesGraphAndSummariesThatReadBack()
    {
        var dir = Path.Combine(Path.GetTempPath(), "bridge-summary-" + Guid.NewGuid().ToString("N"));
        try
        {
            var X = tf.placeholder(tf.float32, new[] { -1, 2 }, name: "x");
            Variable W;
            Tensor cost;
            using (tf.name_scope("Layer1"))
            {
                W = tf.Variable(tf.constant(new[,] { { 0.5 }, { -1.0 } }), name: "weight_1");
                tf.summary.histogram("W1", W);
            }
            using (tf.name_scope("Cost"))
            {
                cost = tf.reduce_mean(tf.square(tf.matmul(X, W)));
                tf.summary.scalar("Cost", cost);
            }
            var merged = tf.summary.merge_all()!;
            using var sess = tf.Session();
            string path;
            using (var writer = tf.summary.FileWriter(dir))
            {
                writer.add_graph(sess.graph);
                sess.run(tf.global_variables_initializer());
                for (int step = 0; step < 3; step++)
                {
                    var summary = sess.run(merged, (X, new[,] { { 1.0, step } }));
                    Assert.That(summary.dtype, Is.EqualTo(TF_DataType.TF_STRING));
                    writer.add_summary(summary, global_step: step);
                }
                path = writer.FilePath;
            }
            Assert.That(Path.GetFileName(path), Does.StartWith("events.out.tfevents."));
            var events = TFRecordReader.ReadEvents(path); // verifies both masked CRC-32Cs of every record
            Assert.That(events[0].FileVersion, Is.EqualTo("brain.Event:2"));
            var (nodes, _) = GraphDefEncoder.Decode(events[1].GraphDef!);
            Assert.That(nodes.Select(n => n.Name), Does.Contain("Layer1/weight_1"));
            Assert.That(nodes.Single(n => n.Name == "Layer1/weight_1/read").Inputs, Is.EqualTo(new[] { "Layer1/weight_1" }));
            var summaries = events.Skip(2).ToList();
            Assert.That(summaries.Select(e => e.Step), Is.EqualTo(new long[] { 0, 1, 2 }));
            for (int step = 0; step < 3; step++)
            {
                var values = summaries[step].SummaryValues;
                Assert.That(values.Select(v => v.Tag), Is.EquivalentTo(new[] { "Layer1/W1", "Cost/Cost" }));
                float expectedCost = MathF.Pow(0.5f - step, 2);
                Assert.That(values.Single(v => v.Tag == "Cost/Cost").SimpleValue, Is.EqualTo(expectedCost));
                var histo = values.Single(v => v.Tag == "Layer1/W1").Histogram!;
                Assert.That((histo.Min, histo.Max, histo.Num, histo.Sum), Is.EqualTo((-1.0, 0.5, 2.0, -0.5)));
            }
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void SummaryOpsCountTwoOpIdsAndTagByScope()
    {
        var before = tf.get_default_graph().LastId;
        using (tf.name_scope("Layer2")) Assert.That(tf.summary.histogram("W2", tf.constant(new[] { 1.0 })).name, Is.EqualTo("Layer2/W2:0"));
        Assert.That(tf.get_default_graph().LastId - before, Is.EqualTo(3), "a Const for the values, a tag Const and the summary op");
    }

    [Test]
    public void BadSummaryInputs()
    {
        Assert.Throws<ValueError>(() => tf.summary.scalar("c", tf.constant(new[] { 1.0, 2.0 })));
        var h = tf.summary.histogram("h", tf.log(tf.constant(new[] { -1.0 })));
        using var sess = tf.Session();
        var e = Assert.Throws<InvalidArgumentError>(() => sess.run(h))!;
        Assert.That(e.Message, Does.Contain("Nan in summary histogram"));
        Assert.That(tf.summary.merge_all(), Is.Not.Null);
        tf.reset_default_graph();
        Assert.That(tf.summary.merge_all(), Is.Null);
    }

    [Test]
    public void FileWriterTakesTfsFilenameSuffixAndFlushPeriod()
    {
        var dir = Path.Combine(Path.GetTempPath(), "bridge-summary-" + Guid.NewGuid().ToString("N"));
        try
        {
            string path;
            using (var writer = tf.summary.FileWriter(dir, flush_secs: 0.05, filename_suffix: ".v2"))
            {
                path = writer.FilePath;
                Assert.That(Path.GetFileName(path), Does.Match(@"^events\.out\.tfevents\.\d{10}\..+\.v2$"));
                using var sess = tf.Session();
                writer.add_summary(sess.run(tf.summary.scalar("loss", tf.constant(2.5))), global_step: 4);
                // No flush() call: the 50 ms period writes the event while the writer is open (a read during a write
                // may see a record cut short: try again).
                int Count() { try { return TFRecordReader.ReadEvents(path).Count; } catch (DataLossError) { return 0; } }
                var deadline = DateTime.UtcNow.AddSeconds(10);
                while (Count() < 2 && DateTime.UtcNow < deadline) Thread.Sleep(20);
                Assert.That(TFRecordReader.ReadEvents(path).Select(e => e.Step), Is.EqualTo(new long[] { 0, 4 }));
            }
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
