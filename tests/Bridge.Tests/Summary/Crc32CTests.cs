using System.Text;
using Bridge.Summary;

namespace Bridge.Tests.Summary;

/// <summary>CRC-32C against published vectors (RFC 3720, iSCSI) and TF's masking.</summary>
public class Crc32CTests
{
    private static IEnumerable<TestCaseData> Vectors()
    {
        yield return new TestCaseData(Encoding.ASCII.GetBytes("123456789"), 0xE3069283u).SetName("Check123456789");
        yield return new TestCaseData(new byte[32], 0x8A9136AAu).SetName("ThirtyTwoZeros");
        yield return new TestCaseData(Enumerable.Repeat((byte)0xFF, 32).ToArray(), 0x62A8AB43u).SetName("ThirtyTwoOnes");
        yield return new TestCaseData(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), 0x46DD794Eu).SetName("Ascending");
        yield return new TestCaseData(Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray(), 0x113FDB5Cu).SetName("Descending");
        yield return new TestCaseData(Array.Empty<byte>(), 0u).SetName("Empty");
    }

    [TestCaseSource(nameof(Vectors))]
    public void KnownVectors(byte[] data, uint expected)
    {
        Assert.That(Crc32C.Compute(data), Is.EqualTo(expected));
        Assert.That(Crc32C.ComputeSoftware(data), Is.EqualTo(expected));
    }

    [Test]
    public void HardwareAndTableAgreeOnEveryLength()
    {
        var rng = new System.Random(7);
        for (int n = 0; n < 100; n++)
        {
            var data = new byte[n * 7];
            rng.NextBytes(data);
            Assert.That(Crc32C.Compute(data), Is.EqualTo(Crc32C.ComputeSoftware(data)), $"length {data.Length}");
        }
    }

    [Test]
    public void MaskRotatesRightBy15AndAddsTheDelta()
    {
        // rotr(0xE3069283, 15) = 0x2507C60D; + 0xa282ead8 = 0xC78AB0E5 (worked by hand).
        Assert.That(Crc32C.Mask(0xE3069283u), Is.EqualTo(0xC78AB0E5u));
        Assert.That(Crc32C.Mask(0u), Is.EqualTo(0xa282ead8u));
        // The addition wraps around in uint32.
        Assert.That(Crc32C.Mask(0xFFFFFFFFu), Is.EqualTo(0xa282ead7u));
        foreach (uint x in new[] { 0u, 1u, 0xE3069283u, 0xFFFFFFFFu, 0x80000000u })
            Assert.That(Crc32C.Unmask(Crc32C.Mask(x)), Is.EqualTo(x));
        Assert.That(Crc32C.Masked(Encoding.ASCII.GetBytes("123456789")), Is.EqualTo(0xC78AB0E5u));
    }
}
