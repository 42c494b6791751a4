using Bridge.Summary;

namespace Bridge.Tests.Summary;

/// <summary>The minimal GraphDef TensorBoard's Graphs tab reads.</summary>
public class GraphDefEncoderTests
{
    [Test]
    public void OneNodeMatchesTheWireFormatByteForByte()
    {
        // GraphDef { node { name: "a" op: "Const" } versions { producer: 24 } }
        //   NodeDef: 0A 01 'a' | 12 05 "Const"   (10 bytes)
        //   GraphDef: 0A 0A + NodeDef | 22 02 08 18 (field 4, VersionDef { producer (1) = 24 })
        byte[] expected = [0x0A, 0x0A, 0x0A, 0x01, (byte)'a', 0x12, 0x05, .. "Const"u8, 0x22, 0x02, 0x08, 0x18];
        Assert.That(GraphDefEncoder.Encode([("a", "Const", [], null)]), Is.EqualTo(expected));
    }

    [Test]
    public void ScopesInputsAndDevicesRoundTrip()
    {
        var bytes = GraphDefEncoder.Encode([
            ("x", "Placeholder", [], null),
            ("layer1/weights", "VariableV2", [], ""),
            ("layer1/MatMul", "MatMul", ["x", "layer1/weights"], "/device:CPU:0"),
            ("split", "Split", ["layer1/MatMul"], null),
            ("train/step", "NoOp", ["split:1", "^layer1/MatMul"], null),
        ]);
        var (nodes, producer) = GraphDefEncoder.Decode(bytes);
        Assert.That(producer, Is.EqualTo(GraphDefEncoder.Producer));
        Assert.That(nodes.Select(n => n.Name), Is.EqualTo(new[] { "x", "layer1/weights", "layer1/MatMul", "split", "train/step" }));
        Assert.That(nodes[2].Op, Is.EqualTo("MatMul"));
        Assert.That(nodes[2].Inputs, Is.EqualTo(new[] { "x", "layer1/weights" }));
        Assert.That(nodes[2].Device, Is.EqualTo("/device:CPU:0"));
        Assert.That(nodes[1].Device, Is.Null, "an empty device is not written, as proto3 does");
        Assert.That(nodes[4].Inputs, Is.EqualTo(new[] { "split:1", "^layer1/MatMul" }));
    }
}
