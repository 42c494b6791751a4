using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Bridge.Tests.Data;

/// <summary>Downloads from a loopback HTTP server serving the shared MNIST files: verified, atomic, clear when it fails.</summary>
[NonParallelizable]
public class DownloadTests
{
    private static string Source => Path.Combine(SharedData.SharedDir, "data", "mnist");
    private static readonly string[] Names = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];
    private string _dir = "";

    [SetUp]
    public void SetUp()
    {
        if (!File.Exists(Path.Combine(Source, Names[0])))
            Assert.Fail($"The MNIST files are missing from {Source}: put the shared folder beside the repository or set BRIDGE_SHARED.");
        _dir = Path.Combine(Path.GetTempPath(), "bridge-mnist-dl-" + Guid.NewGuid().ToString("N"), "MNIST_data");
    }

    [TearDown]
    public void TearDown()
    {
        var parent = Path.GetDirectoryName(_dir)!;
        if (Directory.Exists(parent)) Directory.Delete(parent, recursive: true);
    }

    private enum Mode { Serve, Corrupt, DropMidFile, NotFound }

    /// <summary>A loopback server for the shared files; <paramref name="mode"/> applies to <paramref name="victim"/> only.</summary>
    private sealed class Server : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;
        public string Url { get; }
        public int Requests;

        public Server(Mode mode, string victim)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/mnist/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext ctx;
                    try { ctx = await _listener.GetContextAsync(); } catch { return; }
                    Interlocked.Increment(ref Requests);
                    var name = ctx.Request.Url!.Segments[^1];
                    var path = Path.Combine(Source, name);
                    var hit = name == victim ? mode : Mode.Serve;
                    try
                    {
                        if (!File.Exists(path) || hit == Mode.NotFound)
                        {
                            ctx.Response.StatusCode = 404;
                            ctx.Response.Close();
                            continue;
                        }
                        var bytes = await File.ReadAllBytesAsync(path);
                        if (hit == Mode.Corrupt) bytes[bytes.Length / 2] ^= 0xff;
                        ctx.Response.ContentLength64 = bytes.Length;
                        if (hit == Mode.DropMidFile)
                        {
                            await ctx.Response.OutputStream.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
                            await ctx.Response.OutputStream.FlushAsync();
                            ctx.Response.Abort(); // close the connection mid-body
                            continue;
                        }
                        await ctx.Response.OutputStream.WriteAsync(bytes);
                        ctx.Response.Close();
                    }
                    catch (Exception) { try { ctx.Response.Abort(); } catch { } }
                }
            });
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }

    private Datasets Read(string url, TextWriter? log = null) =>
        input_data.read_data_sets(_dir, one_hot: true, seed: 1, source_url: url, log: log ?? TextWriter.Null);

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private string[] FilesLeft() => Directory.Exists(_dir) ? Directory.GetFiles(_dir).Select(f => Path.GetFileName(f)).ToArray() : [];

    [Test]
    public void DownloadsVerifiesAndSaysWhere()
    {
        using var server = new Server(Mode.Serve, "");
        var log = new StringWriter();
        var data = Read(server.Url, log);
        Assert.That(data.train.num_examples, Is.EqualTo(55000));
        Assert.That(FilesLeft(), Is.EquivalentTo(Names), "exactly the four files, no temporary ones");
        foreach (var name in Names)
        {
            Assert.That(Sha256(Path.Combine(_dir, name)), Is.EqualTo(Sha256(Path.Combine(Source, name))));
            Assert.That(log.ToString(), Does.Contain($"Downloading {server.Url}{name} to {Path.GetFullPath(Path.Combine(_dir, name))}"));
            Assert.That(log.ToString(), Does.Contain($"Successfully downloaded {name}"));
        }
        // A second read finds the files and downloads nothing.
        var before = server.Requests;
        Read(server.Url);
        Assert.That(server.Requests, Is.EqualTo(before));
    }

    [Test]
    public void DownloadsOnlyMissingFiles()
    {
        Directory.CreateDirectory(_dir);
        foreach (var name in Names[1..]) File.Copy(Path.Combine(Source, name), Path.Combine(_dir, name));
        using var server = new Server(Mode.Serve, "");
        Read(server.Url);
        Assert.That(server.Requests, Is.EqualTo(1));
        Assert.That(FilesLeft(), Is.EquivalentTo(Names));
    }

    [Test]
    public void CorruptedDownloadIsRejectedAndRemoved()
    {
        using var server = new Server(Mode.Corrupt, "t10k-images-idx3-ubyte.gz");
        var e = Assert.Throws<DataLossError>(() => Read(server.Url))!;
        Assert.That(e.Message, Does.Contain("t10k-images-idx3-ubyte.gz").And.Contain("not the original MNIST file").And.Contain("SHA-256").And.Contain(" - help: "));
        Assert.That(FilesLeft(), Is.EquivalentTo(Names[..2]), "the two good files stay, nothing of the bad one");
    }

    [Test]
    public void InterruptedDownloadLeavesNoPartialFile()
    {
        using var server = new Server(Mode.DropMidFile, "train-images-idx3-ubyte.gz");
        var e = Assert.Throws<RuntimeError>(() => Read(server.Url))!;
        Assert.That(e.Message, Does.Contain("train-images-idx3-ubyte.gz").And.Contain("interrupted").And.Contain(" - help: "));
        Assert.That(FilesLeft(), Is.Empty);
    }

    [Test]
    public void HttpErrorNamesTheUrl()
    {
        using var server = new Server(Mode.NotFound, "train-labels-idx1-ubyte.gz");
        var e = Assert.Throws<RuntimeError>(() => Read(server.Url))!;
        Assert.That(e.Message, Does.Contain($"{server.Url}train-labels-idx1-ubyte.gz answered 404"));
        Assert.That(FilesLeft(), Is.EquivalentTo(Names[..1]));
    }

    [Test]
    public void OfflineNamesTheFourFilesAndTheFolder()
    {
        var e = Assert.Throws<RuntimeError>(() => Read("http://127.0.0.1:1/"))!;
        foreach (var name in Names) Assert.That(e.Message, Does.Contain(name));
        Assert.That(e.Message, Does.Contain(Path.GetFullPath(_dir)).And.Contain("../shared/data/mnist"));
        Assert.That(FilesLeft(), Is.Empty);
        TestContext.Out.WriteLine(e.Message);
    }

    [Test]
    public void UnknownHostIsOffline()
    {
        var e = Assert.Throws<RuntimeError>(() => Read("http://no-such-host.invalid/mnist/"))!;
        Assert.That(e.Message, Does.StartWith("Cannot download the MNIST data"));
        TestContext.Out.WriteLine(e.Message);
    }
}
