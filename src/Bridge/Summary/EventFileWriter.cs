using System.Globalization;
using System.Net;

namespace Bridge.Summary;

/// <summary>
/// Writes a TensorBoard events file as TF 1.x's <c>tf.summary.FileWriter</c> does: a TFRecord file
/// named <c>events.out.tfevents.{unix seconds, 10 digits}.{hostname}</c> in the log folder, whose first
/// record is an Event with <c>file_version = "brain.Event:2"</c>, followed by summary and graph events.
/// </summary>
/// <remarks>
/// Records are buffered and reach the disk on <see cref="Flush"/>, on <see cref="Close"/>, and every
/// <c>flushSecs</c> seconds (TF's default is 120), so TensorBoard sees a run while it trains.
/// All members may be called from several threads. As in TF, events added after Close are dropped.
/// </remarks>
internal sealed class EventFileWriter : IDisposable
{
    private readonly object _gate = new();
    private readonly Func<double> _clock;
    private readonly Timer? _flushTimer;
    private TFRecordWriter? _records;

    /// <summary>Creates <paramref name="logdir"/> if needed and starts a new events file in it.</summary>
    /// <param name="logdir">The run folder TensorBoard is pointed at (or a subfolder of it).</param>
    /// <param name="filenameSuffix">Appended to the file name, as TF's <c>filename_suffix</c>.</param>
    /// <param name="flushSecs">Period of the automatic flush; 0 or less turns it off.</param>
    /// <param name="clock">Wall time in seconds since the Unix epoch; tests may pin it.</param>
    public EventFileWriter(string logdir, string filenameSuffix = "", double flushSecs = 120, Func<double>? clock = null)
    {
        _clock = clock ?? UnixNow;
        Directory.CreateDirectory(logdir);
        double now = _clock();
        string stem = string.Create(CultureInfo.InvariantCulture,
            $"events.out.tfevents.{(long)Math.Floor(now):D10}.{HostName()}{filenameSuffix}");
        var stream = OpenNew(logdir, stem, out string path);
        FilePath = path;
        _records = new TFRecordWriter(stream);
        _records.Write(EventProto.FileVersionEvent(now));
        // TF flushes the version record at once, so the file is valid (and visible) from the start.
        _records.Flush();
        if (flushSecs > 0)
        {
            var period = TimeSpan.FromSeconds(flushSecs);
            _flushTimer = new Timer(_ => TryFlush(), null, period, period);
        }
    }

    /// <summary>Full path of the events file.</summary>
    public string FilePath { get; }

    /// <summary>Appends an event holding a serialized Summary (the value of a summary op) at <paramref name="step"/>.</summary>
    public void AddSummary(byte[] summary, long step) => Write(EventProto.SummaryEvent(_clock(), step, summary));

    /// <summary>Appends an event holding a serialized GraphDef, which TensorBoard's Graphs tab draws.</summary>
    public void AddGraph(byte[] graphDef) => Write(EventProto.GraphEvent(_clock(), graphDef));

    /// <summary>Appends an already serialized Event.</summary>
    public void AddEvent(byte[] serializedEvent) => Write(serializedEvent);

    /// <summary>Writes the buffered events to the file.</summary>
    public void Flush()
    {
        lock (_gate) _records?.Flush();
    }

    /// <summary>Flushes and closes the file; later events are dropped, as TF's FileWriter does.</summary>
    public void Close()
    {
        _flushTimer?.Dispose();
        lock (_gate)
        {
            _records?.Dispose();
            _records = null;
        }
    }

    public void Dispose() => Close();

    private void Write(byte[] serializedEvent)
    {
        lock (_gate) _records?.Write(serializedEvent);
    }

    private void TryFlush()
    {
        // A failing background flush must not crash the process; the next Flush/Close reports it.
        try { Flush(); } catch (IOException) { } catch (ObjectDisposedException) { }
    }

    private static double UnixNow() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond;

    private static string HostName()
    {
        try { return Dns.GetHostName(); }
        catch (System.Net.Sockets.SocketException) { return Environment.MachineName; }
    }

    /// <summary>
    /// Creates the file exclusively. TF would reuse (and truncate) the same name when two writers start
    /// in the same second in the same folder; here the second one gets ".1", ".2", ... appended instead,
    /// which still contains "tfevents" (how TensorBoard spots events files) and sorts after the first.
    /// </summary>
    private static FileStream OpenNew(string logdir, string stem, out string path)
    {
        for (int attempt = 0; ; attempt++)
        {
            path = Path.Combine(logdir, attempt == 0 ? stem : $"{stem}.{attempt}");
            try
            {
                return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16);
            }
            catch (IOException) when (File.Exists(path) && attempt < 1000)
            {
                // Taken (by another writer of this second): try the next suffix.
            }
        }
    }
}
