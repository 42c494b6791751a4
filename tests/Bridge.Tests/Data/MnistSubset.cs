using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Bridge.Tests.Data;

/// <summary>
/// The first records of the real MNIST files (../shared/data/mnist), written as a small MNIST folder: a lab whose full
/// run takes an hour on 55000 training images runs whole, unmodified, in seconds on 600 of them (read_data_sets holds
/// out the first 5000 for validation). The committed Python outputs of such runs were made on this very folder:
/// <see cref="ContentSha256"/> names its content, so a changed subset fails as such, not as a digit mismatch.
/// </summary>
internal static class MnistSubset
{
    /// <summary>5000 for validation (read_data_sets' default) and 600 to train on: 6 batches of 100 an epoch.</summary>
    public const int TrainRecords = 5600;

    public const int TestRecords = 1000;

    /// <summary>
    /// SHA-256 of the four decompressed files in the order of <see cref="Files"/> (what
    /// <c>for f in train-images train-labels t10k-images t10k-labels; do zcat $f*; done | sha256sum</c> prints).
    /// </summary>
    public const string ContentSha256 = "25c161c34ab8cee31e33c45b49687b3edd42560f605f0ab8b18e16919a95d019";

    private static readonly (string Name, bool Images, int Records)[] Files =
    [
        (IdxFiles.TrainImages, true, TrainRecords), (IdxFiles.TrainLabels, false, TrainRecords),
        (IdxFiles.TestImages, true, TestRecords), (IdxFiles.TestLabels, false, TestRecords),
    ];

    /// <summary>A fresh temporary folder with the subset, gzipped as the originals.</summary>
    public static string Folder(string sourceDir)
    {
        var dir = Path.Combine(Path.GetTempPath(), "bridge-mnist-subset-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        foreach (var (name, images, records) in Files)
        {
            using var gz = new GZipStream(File.OpenRead(Path.Combine(sourceDir, name + ".gz")), CompressionMode.Decompress);
            int header = images ? 16 : 8, recordBytes = images ? 28 * 28 : 1;
            var data = new byte[header + records * recordBytes];
            gz.ReadExactly(data);
            BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), records); // the header's count
            IdxFiles.Write(dir, name, data, gzip: true);
        }
        return dir;
    }

    /// <summary>The SHA-256 of a folder's decompressed files, as <see cref="ContentSha256"/> is defined.</summary>
    public static string Sha256Of(string dir)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, _, _) in Files)
        {
            using var gz = new GZipStream(File.OpenRead(Path.Combine(dir, name + ".gz")), CompressionMode.Decompress);
            using var ms = new MemoryStream();
            gz.CopyTo(ms);
            sha.AppendData(ms.ToArray());
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
