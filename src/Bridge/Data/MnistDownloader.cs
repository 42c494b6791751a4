using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Bridge;

/// <summary>
/// Fetches missing MNIST files (TF's <c>base.maybe_download</c>), but checks them: each download is streamed into a
/// temporary file beside its target, its size and SHA-256 are compared with the original's, and only then is it
/// renamed into place. So the target name only ever holds a complete, verified file, whatever goes wrong.
/// </summary>
internal static class MnistDownloader
{
    /// <summary>The four files, with the size and SHA-256 of the original gzipped files.</summary>
    public static readonly (string Name, long Size, string Sha256)[] Files =
    [
        ("train-images-idx3-ubyte.gz", 9912422, "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
        ("train-labels-idx1-ubyte.gz", 28881, "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
        ("t10k-images-idx3-ubyte.gz", 1648877, "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
        ("t10k-labels-idx1-ubyte.gz", 4542, "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
    ];

    /// <summary>How long one file may take in all; connecting has its own, shorter limit.</summary>
    internal static TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);
    internal static TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Downloads <paramref name="name"/> from <paramref name="sourceUrl"/> into <paramref name="dir"/> and returns its path.</summary>
    public static string Download(string dir, string name, string sourceUrl, TextWriter log)
    {
        var (_, size, sha256) = Files.Single(f => f.Name == name);
        Directory.CreateDirectory(dir);
        var target = Path.Combine(dir, name);
        var url = sourceUrl.EndsWith('/') ? sourceUrl + name : sourceUrl + "/" + name;
        var temp = Path.Combine(dir, $".{name}.{Guid.NewGuid():N}.part");
        log.WriteLine($"Downloading {url} to {Path.GetFullPath(target)}");
        try
        {
            string actual;
            long written;
            using (var client = CreateClient())
            using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                (written, actual) = Fetch(client, url, output, name, dir);
                output.Flush(flushToDisk: true);
            }
            if (written != size || actual != sha256)
                throw new DataLossError(
                    $"The download of {name} from {url} is not the original MNIST file: {written} bytes with SHA-256 {actual}, " +
                    $"expected {size} bytes with SHA-256 {sha256}; nothing was written to {dir}. - help: check source_url, or {CopyHelp(dir)}");
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        log.WriteLine($"Successfully downloaded {name} {size} bytes.");
        return target;
    }

    private static HttpClient CreateClient() => new(new SocketsHttpHandler { ConnectTimeout = ConnectTimeout, AutomaticDecompression = DecompressionMethods.None })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan, // the per-file deadline in Fetch covers the body as well
    };

    /// <summary>Streams the body into <paramref name="output"/>, hashing as it goes; returns the length and SHA-256 (hex).</summary>
    private static (long Length, string Sha256) Fetch(HttpClient client, string url, Stream output, string name, string dir)
    {
        long written = 0;
        // One deadline for the whole file: HttpClient.Timeout stops at the headers, and a stalled body must fail too.
        using var deadline = new CancellationTokenSource(Timeout);
        try
        {
            return FetchAsync().GetAwaiter().GetResult();
        }
        catch (Exception e) when (IsOffline(e))
        {
            var reason = e is OperationCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : e.GetBaseException().Message;
            throw new RuntimeError(OfflineMessage(dir, url, reason), e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new RuntimeError(
                $"The download of {name} from {url} was interrupted after {written} bytes ({e.GetBaseException().Message}); nothing was written to {dir}. - help: run again, or {CopyHelp(dir)}", e);
        }

        async Task<(long, string)> FetchAsync()
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new RuntimeError($"Cannot download {name}: {url} answered {(int)response.StatusCode} {response.ReasonPhrase}. - help: check source_url, or {CopyHelp(dir)}");
            using var body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 16];
            int n;
            while ((n = await body.ReadAsync(buffer, deadline.Token).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, n);
                output.Write(buffer, 0, n);
                written += n;
            }
            return (written, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
    }

    /// <summary>No connection at all (refused, unknown host, unreachable network, timeout), as opposed to a broken transfer.</summary>
    private static bool IsOffline(Exception e)
    {
        if (e is OperationCanceledException or TimeoutException) return true;
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.TryAgain
                    or SocketError.NoData or SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.TimedOut or SocketError.NetworkDown })
                return true;
        return e is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError };
    }

    internal static string OfflineMessage(string dir, string url, string reason) =>
        $"Cannot download the MNIST data from {url} ({reason}). Put the four files " +
        string.Join(", ", Files.Select(f => f.Name)) +
        $" (gzipped, or decompressed without .gz) in the folder {Path.GetFullPath(dir)}. - help: {CopyHelp(dir)}";

    private static string CopyHelp(string dir) =>
        $"copy the four MNIST files from a copy you have (e.g. ../shared/data/mnist) into {Path.GetFullPath(dir)}.";
}
