using System.Buffers.Binary;
using System.Text.RegularExpressions;
using Bridge.Summary;

namespace Bridge.Tests.Summary;

/// <summary>Events files as tf.summary.FileWriter writes them, read back record by record.</summary>
public class EventFileTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Path.Combine(Path.GetTempPath(), "bridge-summary-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void DeleteFolder()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void WritesAnEventsFileTensorBoardCanRead()
    {
        double before = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;
        string logdir = Path.Combine(_dir, "run1"); // does not exist yet: the writer creates it
        string path;
        byte[] graph = GraphDefEncoder.Encode([("x", "Placeholder", [], null), ("layer1/W", "VariableV2", [], null),
            ("layer1/MatMul", "MatMul", ["x", "layer1/W"], "/device:CPU:0")]);
        using (var writer = new EventFileWriter(logdir))
        {
            path = writer.FilePath;
            writer.AddGraph(graph);
            for (int step = 0; step < 3; step++) writer.AddSummary(SummaryProto.Scalar("cost", 1f / (step + 1)), step);
            writer.AddSummary(SummaryProto.Histogram("weights", [-1.0, 0.0, 0.5, 2.0]), 5);
            writer.AddSummary(SummaryProto.Merge([SummaryProto.Scalar("accuracy", 0.75f), SummaryProto.Histogram("bias", [0.1])]), 10);
        }
        double after = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;

        Assert.That(Path.GetDirectoryName(path), Is.EqualTo(logdir));
        Assert.That(Path.GetFileName(path), Does.Match(@"^events\.out\.tfevents\.\d{10}\." + Regex.Escape(System.Net.Dns.GetHostName()) + "$"));
        long stamp = long.Parse(Path.GetFileName(path).Split('.')[3]);
        Assert.That(stamp, Is.InRange((long)before, (long)after));

        CheckFramingByHand(File.ReadAllBytes(path));

        var events = TFRecordReader.ReadEvents(path);
        Assert.That(events, Has.Count.EqualTo(7));
        Assert.That(events[0].FileVersion, Is.EqualTo("brain.Event:2"));
        Assert.That(events[0].Step, Is.EqualTo(0));
        foreach (var e in events) Assert.That(e.WallTime, Is.InRange(before - 1, after + 1));

        Assert.That(events[1].GraphDef, Is.EqualTo(graph));
        Assert.That(GraphDefEncoder.Decode(events[1].GraphDef!).nodes.Select(n => n.Name), Is.EqualTo(new[] { "x", "layer1/W", "layer1/MatMul" }));

        for (int step = 0; step < 3; step++)
        {
            var v = events[2 + step].SummaryValues.Single();
            Assert.That(events[2 + step].Step, Is.EqualTo(step));
            Assert.That((v.Tag, v.SimpleValue), Is.EqualTo(("cost", (float?)(1f / (step + 1)))));
        }

        Assert.That(events[5].Step, Is.EqualTo(5));
        var histo = events[5].SummaryValues.Single();
        Assert.That(histo.Tag, Is.EqualTo("weights"));
        Assert.That((histo.Histogram!.Min, histo.Histogram.Max, histo.Histogram.Num, histo.Histogram.Sum), Is.EqualTo((-1.0, 2.0, 4.0, 1.5)));

        Assert.That(events[6].Step, Is.EqualTo(10));
        var merged = events[6].SummaryValues;
        Assert.That(merged.Select(v => v.Tag), Is.EqualTo(new[] { "accuracy", "bias" }));
        Assert.That(merged[0].SimpleValue, Is.EqualTo(0.75f));
        Assert.That(merged[1].Histogram!.Num, Is.EqualTo(1.0));
    }

    /// <summary>Walks the TFRecord framing independently of the reader and checks both CRCs of each record.</summary>
    private static void CheckFramingByHand(byte[] file)
    {
        int offset = 0, records = 0;
        while (offset < file.Length)
        {
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(offset));
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 8)), Is.EqualTo(Crc32C.Mask(Crc32C.ComputeSoftware(file.AsSpan(offset, 8)))));
            var data = file.AsSpan(offset + 12, (int)length);
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 12 + (int)length)), Is.EqualTo(Crc32C.Mask(Crc32C.ComputeSoftware(data))));
            offset += 16 + (int)length;
            records++;
        }
        Assert.That(offset, Is.EqualTo(file.Length));
        Assert.That(records, Is.GreaterThan(0));
    }

    [Test]
    public void FirstRecordMatchesTheWireFormatByteForByte()
    {
        using var writer = new EventFileWriter(_dir, clock: () => 1.5, flushSecs: 0);
        writer.Close();
        var record = TFRecordReader.ReadAll(writer.FilePath).Single();
        // Event { wall_time: 1.5 (09 + fixed64) file_version: "brain.Event:2" (1A 0D + 13 bytes) }; step 0 omitted.
        byte[] expected = [0x09, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F, 0x1A, 0x0D, .. "brain.Event:2"u8];
        Assert.That(record, Is.EqualTo(expected));
        Assert.That(Path.GetFileName(writer.FilePath), Does.StartWith("events.out.tfevents.0000000001."));
    }

    [Test]
    public void SummaryEventMatchesTheWireFormatByteForByte()
    {
        byte[] summary = SummaryProto.Scalar("a", 2f);
        byte[] expected = [0x09, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F, 0x10, 0x03, 0x2A, (byte)summary.Length, .. summary];
        Assert.That(EventProto.SummaryEvent(1.5, 3, summary), Is.EqualTo(expected));
        // Negative steps are int64 varints: ten bytes.
        Assert.That(EventProto.Decode(EventProto.SummaryEvent(1.5, -2, summary)).Step, Is.EqualTo(-2));
    }

    [Test]
    public void FlushMakesRecordsVisibleWhileTheWriterIsOpen()
    {
        using var writer = new EventFileWriter(_dir, flushSecs: 0);
        writer.AddSummary(SummaryProto.Scalar("loss", 3f), 1);
        writer.Flush();
        var events = TFRecordReader.ReadEvents(writer.FilePath);
        Assert.That(events.Select(e => e.Step), Is.EqualTo(new long[] { 0, 1 }));
        writer.Close();
        writer.AddSummary(SummaryProto.Scalar("loss", 4f), 2); // dropped after close, as in TF
        Assert.That(TFRecordReader.ReadEvents(writer.FilePath), Has.Count.EqualTo(2));
    }

    [Test]
    public void TwoWritersInTheSameSecondDoNotClobberEachOther()
    {
        using var first = new EventFileWriter(_dir, clock: () => 1_700_000_000.25, flushSecs: 0);
        using var second = new EventFileWriter(_dir, clock: () => 1_700_000_000.75, flushSecs: 0);
        Assert.That(second.FilePath, Is.Not.EqualTo(first.FilePath));
        Assert.That(second.FilePath, Is.EqualTo(first.FilePath + ".1"));
        Assert.That(Path.GetFileName(first.FilePath), Does.StartWith("events.out.tfevents.1700000000."));
        first.AddSummary(SummaryProto.Scalar("a", 1f), 1);
        second.AddSummary(SummaryProto.Scalar("b", 2f), 1);
        first.Close();
        second.Close();
        Assert.That(TFRecordReader.ReadEvents(first.FilePath)[1].SummaryValues.Single().Tag, Is.EqualTo("a"));
        Assert.That(TFRecordReader.ReadEvents(second.FilePath)[1].SummaryValues.Single().Tag, Is.EqualTo("b"));
    }

    [Test]
    public void FilenameSuffixIsAppendedAsTFDoes()
    {
        using var writer = new EventFileWriter(_dir, filenameSuffix: ".v2", flushSecs: 0);
        Assert.That(writer.FilePath, Does.EndWith(System.Net.Dns.GetHostName() + ".v2"));
    }

    [Test]
    public void ConcurrentWritesKeepEveryRecordWhole()
    {
        using var writer = new EventFileWriter(_dir, flushSecs: 0);
        Parallel.For(0, 200, i => writer.AddSummary(SummaryProto.Scalar($"t{i % 7}", i), i));
        writer.Close();
        var events = TFRecordReader.ReadEvents(writer.FilePath);
        Assert.That(events.Skip(1).Select(e => e.Step).Order(), Is.EqualTo(Enumerable.Range(0, 200).Select(i => (long)i)));
    }
}
