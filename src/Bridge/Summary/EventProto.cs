namespace Bridge.Summary;

/// <summary>One decoded <c>Event</c> record of an events file.</summary>
/// <param name="WallTime">Seconds since the Unix epoch when the event was written.</param>
/// <param name="Step">Global step (0 when not given).</param>
/// <param name="FileVersion">Set on the first record of a file ("brain.Event:2").</param>
/// <param name="GraphDef">Serialized GraphDef, for a graph event.</param>
/// <param name="Summary">Serialized Summary, for a summary event.</param>
internal sealed record EventRecord(double WallTime, long Step, string? FileVersion, byte[]? GraphDef, byte[]? Summary)
{
    /// <summary>The decoded values of <see cref="Summary"/> (empty if this is not a summary event).</summary>
    public List<SummaryValue> SummaryValues => Summary is null ? [] : SummaryProto.Decode(Summary);
}

/// <summary>
/// TF's <c>Event</c> protobuf (tensorflow/core/util/event.proto), the record type of events files:
/// <c>Event { double wall_time = 1; int64 step = 2; oneof what { string file_version = 3;
/// bytes graph_def = 4; Summary summary = 5; ... } }</c>.
/// </summary>
internal static class EventProto
{
    private const int WallTime = 1, Step = 2, FileVersion = 3, GraphDef = 4, Summary = 5;

    /// <summary>The version string TF 1.x writes in the first event of every file; TensorBoard checks it.</summary>
    public const string CurrentFileVersion = "brain.Event:2";

    /// <summary>The first event of a file, announcing its format version.</summary>
    public static byte[] FileVersionEvent(double wallTime, string version = CurrentFileVersion) =>
        Encode(wallTime, 0, w => w.String(FileVersion, version, always: true));

    /// <summary>An event holding a serialized Summary at a global step.</summary>
    public static byte[] SummaryEvent(double wallTime, long step, ReadOnlySpan<byte> summary)
    {
        // The summary is already a serialized message; embedding its bytes is the same as embedding the message.
        byte[] copy = summary.ToArray();
        return Encode(wallTime, step, w => w.Bytes(Summary, copy, always: true));
    }

    /// <summary>An event holding a serialized GraphDef (TensorBoard's Graphs tab).</summary>
    public static byte[] GraphEvent(double wallTime, ReadOnlySpan<byte> graphDef, long step = 0)
    {
        byte[] copy = graphDef.ToArray();
        return Encode(wallTime, step, w => w.Bytes(GraphDef, copy, always: true));
    }

    private static byte[] Encode(double wallTime, long step, Action<ProtoWriter> what)
    {
        var w = new ProtoWriter();
        w.Double(WallTime, wallTime);
        w.Int64(Step, step);
        what(w);
        return w.ToArray();
    }

    /// <summary>Decodes a serialized Event (for tests and tools); fields Bridge does not write are ignored.</summary>
    /// <exception cref="FormatException">The bytes are not a valid Event.</exception>
    public static EventRecord Decode(ReadOnlySpan<byte> data)
    {
        double wallTime = 0;
        long step = 0;
        string? fileVersion = null;
        byte[]? graphDef = null, summary = null;
        var r = new ProtoReader(data);
        while (r.TryRead(out var f))
        {
            switch (f.Number)
            {
                case WallTime: wallTime = f.AsDouble(); break;
                case Step: step = f.AsInt64(); break;
                // Members of the oneof: the last one set wins.
                case FileVersion: fileVersion = f.AsString(); graphDef = null; summary = null; break;
                case GraphDef: graphDef = f.AsBytes().ToArray(); fileVersion = null; summary = null; break;
                case Summary: summary = f.AsBytes().ToArray(); fileVersion = null; graphDef = null; break;
            }
        }
        return new EventRecord(wallTime, step, fileVersion, graphDef, summary);
    }
}
