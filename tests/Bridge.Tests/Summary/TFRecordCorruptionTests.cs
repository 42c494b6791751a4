using Bridge.Summary;

namespace Bridge.Tests.Summary;

/// <summary>A damaged TFRecord file fails with a message naming the file, the offset and what is wrong.</summary>
public class TFRecordCorruptionTests
{
    private string _path = "";

    [SetUp]
    public void WriteThreeRecords()
    {
        _path = Path.Combine(Path.GetTempPath(), "bridge-tfrecord-" + Guid.NewGuid().ToString("N"));
        using var w = new TFRecordWriter(File.Create(_path));
        w.Write("first"u8);
        w.Write("second record"u8);
        w.Write(ReadOnlySpan<byte>.Empty);
    }

    [TearDown]
    public void Delete() => File.Delete(_path);

    // Offsets: record 0 at 0 (16 + 5 bytes), record 1 at 21 (16 + 13), record 2 at 50 (16 + 0); file is 66 bytes.
    [Test]
    public void IntactFileReadsBack()
    {
        var records = TFRecordReader.ReadAll(_path);
        Assert.That(records.Select(r => System.Text.Encoding.ASCII.GetString(r)), Is.EqualTo(new[] { "first", "second record", "" }));
        Assert.That(new FileInfo(_path).Length, Is.EqualTo(66));
    }

    [Test]
    public void FlippedDataByteIsReported()
    {
        Corrupt(21 + 12 + 3);
        var e = Assert.Throws<DataLossError>(() => TFRecordReader.ReadAll(_path))!;
        Assert.That(e.Message, Does.Contain(_path));
        Assert.That(e.Message, Does.Contain("corrupted record data"));
        Assert.That(e.Message, Does.Contain("byte offset 21"));
        Assert.That(e.Message, Does.Contain("help:"));
    }

    [Test]
    public void FlippedLengthByteIsReported()
    {
        Corrupt(50 + 1);
        var e = Assert.Throws<DataLossError>(() => TFRecordReader.ReadAll(_path))!;
        Assert.That(e.Message, Does.Contain("corrupted record length").And.Contain("byte offset 50").And.Contain(_path));
    }

    [Test]
    public void FlippedDataCrcIsReported()
    {
        Corrupt(12 + 5);
        var e = Assert.Throws<DataLossError>(() => TFRecordReader.ReadAll(_path))!;
        Assert.That(e.Message, Does.Contain("corrupted record data").And.Contain("byte offset 0"));
    }

    [Test]
    public void TruncatedFileIsReported()
    {
        var bytes = File.ReadAllBytes(_path);
        File.WriteAllBytes(_path, bytes[..(21 + 20)]);
        var e = Assert.Throws<DataLossError>(() => TFRecordReader.ReadAll(_path))!;
        Assert.That(e.Message, Does.Contain("truncated record").And.Contain("byte offset 21"));
        File.WriteAllBytes(_path, bytes[..(50 + 5)]);
        e = Assert.Throws<DataLossError>(() => TFRecordReader.ReadAll(_path))!;
        Assert.That(e.Message, Does.Contain("truncated record header").And.Contain("byte offset 50"));
    }

    [Test]
    public void RecordThatIsNotAnEventIsReported()
    {
        var e = Assert.Throws<DataLossError>(() => TFRecordReader.ReadEvents(_path))!;
        Assert.That(e.Message, Does.Contain("record 0 is not a valid Event"));
    }

    private void Corrupt(int offset)
    {
        var bytes = File.ReadAllBytes(_path);
        bytes[offset] ^= 0x20;
        File.WriteAllBytes(_path, bytes);
    }
}
