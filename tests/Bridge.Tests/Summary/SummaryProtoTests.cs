using Bridge.Summary;

namespace Bridge.Tests.Summary;

/// <summary>
/// Summary protobufs byte for byte against the wire format worked out by hand (no Python protobuf
/// on this machine), plus merge semantics and errors as TF's ops give them.
/// </summary>
public class SummaryProtoTests
{
    [Test]
    public void ScalarMatchesTheWireFormatByteForByte()
    {
        // Summary { value { tag: "loss" simple_value: 0.5 } }
        //   Value: 0A 04 "loss" (field 1, length 4) | 15 00 00 00 3F (field 2 fixed32, 0.5f little-endian)
        //   Summary: 0A 0B (field 1, length 11) + Value
        byte[] expected = [0x0A, 0x0B, 0x0A, 0x04, (byte)'l', (byte)'o', (byte)'s', (byte)'s', 0x15, 0x00, 0x00, 0x00, 0x3F];
        Assert.That(SummaryProto.Scalar("loss", 0.5f), Is.EqualTo(expected));
    }

    [Test]
    public void ScalarZeroIsStillWrittenBecauseSimpleValueIsInAOneof()
    {
        byte[] expected = [0x0A, 0x08, 0x0A, 0x01, (byte)'z', 0x15, 0, 0, 0, 0];
        Assert.That(SummaryProto.Scalar("z", 0f), Is.EqualTo(expected));
    }

    [Test]
    public void HistogramOfZeroMatchesTheWireFormatByteForByte()
    {
        // One value 0.0: it falls in the bucket [0, 1e-12), whose limit is 1e-12.
        // Empty runs collapse: [.., 0) -> (0, 0), then (1e-12, 1), then the rest -> (DBL_MAX, 0).
        // min, max, sum, sum_squares are 0 and proto3 omits them; num = 1.0 is written.
        var histo = new List<byte>();
        histo.Add(0x19); histo.AddRange(BitConverter.GetBytes(1.0));              // num = 3, fixed64
        histo.Add(0x32); histo.Add(24);                                           // bucket_limit = 6, packed, 3 doubles
        histo.AddRange(BitConverter.GetBytes(0.0));
        histo.AddRange(BitConverter.GetBytes(1e-12));
        histo.AddRange(BitConverter.GetBytes(double.MaxValue));
        histo.Add(0x3A); histo.Add(24);                                           // bucket = 7, packed
        histo.AddRange(BitConverter.GetBytes(0.0));
        histo.AddRange(BitConverter.GetBytes(1.0));
        histo.AddRange(BitConverter.GetBytes(0.0));
        var value = new List<byte> { 0x0A, 0x01, (byte)'h', 0x2A, (byte)histo.Count }; // tag = 1, histo = 5
        value.AddRange(histo);
        var summary = new List<byte> { 0x0A, (byte)value.Count };
        summary.AddRange(value);

        Assert.That(SummaryProto.Histogram("h", [0.0]), Is.EqualTo(summary.ToArray()));
    }

    [Test]
    public void DecodeGivesBackTagsAndValues()
    {
        var merged = SummaryProto.Merge([SummaryProto.Scalar("a", 1.25f), SummaryProto.Histogram("b", [1.0, 2.0])]);
        var values = SummaryProto.Decode(merged);
        Assert.That(values.Select(v => v.Tag), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(values[0].SimpleValue, Is.EqualTo(1.25f));
        Assert.That(values[0].Kind, Is.EqualTo("simple_value"));
        Assert.That(values[1].Histogram!.Num, Is.EqualTo(2.0));
        Assert.That(values[1].Histogram!.Sum, Is.EqualTo(3.0));
        Assert.That(values[1].Kind, Is.EqualTo("histo"));
    }

    [Test]
    public void MergeIsTheConcatenationOfCanonicalInputs()
    {
        byte[] a = SummaryProto.Scalar("a", 1f), b = SummaryProto.Scalar("b", 2f), h = SummaryProto.Histogram("h", [3.0]);
        Assert.That(SummaryProto.Merge([a, b, h]), Is.EqualTo(a.Concat(b).Concat(h).ToArray()));
        // A merged summary can itself be merged (merge_all of merges).
        Assert.That(SummaryProto.Merge([SummaryProto.Merge([a, b]), h]), Is.EqualTo(a.Concat(b).Concat(h).ToArray()));
        Assert.That(SummaryProto.Merge([]), Is.Empty);
    }

    [Test]
    public void MergeRejectsADuplicateTagAsTFDoes()
    {
        var e = Assert.Throws<InvalidArgumentError>(() =>
            SummaryProto.Merge([SummaryProto.Scalar("loss", 1f), SummaryProto.Histogram("loss", [1.0])]))!;
        Assert.That(e.Message, Does.StartWith("Duplicate tag loss found in summary inputs"));
        Assert.That(e.Message, Does.Contain("help:"));
    }

    [Test]
    public void MergeAllowsRepeatedEmptyTags()
    {
        // TF skips the duplicate check for empty tags (tensor summaries leave the tag empty).
        Assert.That(SummaryProto.Merge([SummaryProto.Scalar("", 1f), SummaryProto.Scalar("", 2f)]), Has.Length.EqualTo(14));
    }

    [Test]
    public void MergeRejectsBytesThatAreNotASummary()
    {
        var e = Assert.Throws<InvalidArgumentError>(() => SummaryProto.Merge([[0x0A, 0x05, 0x01]]))!;
        Assert.That(e.Message, Does.StartWith("Could not parse one of the summary inputs"));
    }

    [TestCase(double.NaN, "Nan in summary histogram for: weights")]
    [TestCase(double.PositiveInfinity, "Infinity in summary histogram for: weights")]
    [TestCase(double.NegativeInfinity, "Infinity in summary histogram for: weights")]
    public void HistogramRejectsNonFiniteValuesAsTFDoes(double bad, string message)
    {
        var e = Assert.Throws<InvalidArgumentError>(() => SummaryProto.Histogram("weights", [1.0, bad, 2.0]))!;
        Assert.That(e.Message, Does.StartWith(message));
        Assert.That(e.Message, Does.Contain(" - help: "));
    }

    [Test]
    public void HistogramErrorNamesTheOpWhenGiven()
    {
        // TF's message names the op (node) rather than the tag; the graph wiring passes the node name.
        var e = Assert.Throws<InvalidArgumentError>(() => SummaryProto.Histogram("w", [double.NaN], opName: "layer1/weights_hist"))!;
        Assert.That(e.Message, Does.StartWith("Nan in summary histogram for: layer1/weights_hist"));
    }
}
