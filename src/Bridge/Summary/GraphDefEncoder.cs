namespace Bridge.Summary;

/// <summary>One node of a GraphDef as TensorBoard needs it: name (with '/' scopes), op type, inputs, device.</summary>
internal sealed record GraphNode(string Name, string Op, string[] Inputs, string? Device);

/// <summary>
/// Serializes a minimal TF <c>GraphDef</c> for TensorBoard's Graphs tab:
/// <c>GraphDef { repeated NodeDef node = 1; VersionDef versions = 4; }</c>,
/// <c>NodeDef { string name = 1; string op = 2; repeated string input = 3; string device = 4; map attr = 5; }</c>.
/// </summary>
/// <remarks>
/// Attributes are left out: TensorBoard draws nodes and edges from names and inputs alone, and groups
/// nodes by the '/'-separated scopes of their names. Inputs use TF's spelling: "node", "node:1" for a
/// second output, "^node" for a control dependency.
/// </remarks>
internal static class GraphDefEncoder
{
    /// <summary>The GraphDef version TF 1.x graphs of this era carry (TF 1.4 wrote 24); readers only check it is set.</summary>
    public const int Producer = 24;

    /// <summary>The serialized GraphDef of <paramref name="nodes"/>.</summary>
    public static byte[] Encode(IEnumerable<(string name, string op, string[] inputs, string? device)> nodes) =>
        Encode(nodes.Select(n => new GraphNode(n.name, n.op, n.inputs, n.device)));

    /// <summary>The serialized GraphDef of <paramref name="nodes"/>.</summary>
    public static byte[] Encode(IEnumerable<GraphNode> nodes)
    {
        var graph = new ProtoWriter();
        foreach (var n in nodes)
        {
            var node = new ProtoWriter();
            node.String(1, n.Name);
            node.String(2, n.Op);
            // Repeated strings are written even when empty: each element is present by definition.
            foreach (var input in n.Inputs) node.String(3, input, always: true);
            node.String(4, n.Device ?? "");
            graph.Bytes(1, node.ToArray(), always: true);
        }
        var versions = new ProtoWriter();
        versions.Int64(1, Producer);
        graph.Bytes(4, versions.ToArray(), always: true);
        return graph.ToArray();
    }

    /// <summary>Decodes the nodes and producer version of a serialized GraphDef (for tests and tools).</summary>
    public static (List<GraphNode> nodes, long producer) Decode(ReadOnlySpan<byte> graphDef)
    {
        var nodes = new List<GraphNode>();
        long producer = 0;
        var r = new ProtoReader(graphDef);
        while (r.TryRead(out var f))
        {
            if (f.Number == 1) nodes.Add(DecodeNode(f.AsBytes()));
            else if (f.Number == 4)
            {
                var v = new ProtoReader(f.AsBytes());
                while (v.TryRead(out var vf)) if (vf.Number == 1) producer = vf.AsInt64();
            }
        }
        return (nodes, producer);
    }

    private static GraphNode DecodeNode(ReadOnlySpan<byte> data)
    {
        string name = "", op = "";
        string? device = null;
        var inputs = new List<string>();
        var r = new ProtoReader(data);
        while (r.TryRead(out var f))
        {
            switch (f.Number)
            {
                case 1: name = f.AsString(); break;
                case 2: op = f.AsString(); break;
                case 3: inputs.Add(f.AsString()); break;
                case 4: device = f.AsString(); break;
            }
        }
        return new GraphNode(name, op, inputs.ToArray(), device);
    }
}
