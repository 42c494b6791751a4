using Bridge.Cli.Bench;
using NUnit.Framework;

namespace Bridge.Tests.Cli;

/// <summary>
/// A ratio against a NumPy or PyTorch baseline that ran on Debian's reference BLAS is never quoted without saying so
/// (issue 17): the bench commands put the warning beside the ratio.
/// </summary>
public class BenchBlasTests
{
    [Test]
    public void A_reference_BLAS_baseline_is_flagged_beside_its_ratio()
    {
        var caveat = MnistBench.Caveat(new(1.0, "/usr/lib/x86_64-linux-gnu/blas/libblas.so.3", "reference"));
        Assert.That(caveat, Does.Contain("NOT A FAIR BASELINE").And.Contain("libopenblas0-pthread"));
    }

    [TestCase("openblas")]
    [TestCase("mkl")]
    public void An_optimised_BLAS_needs_no_warning(string kind) =>
        Assert.That(MnistBench.Caveat(new(1.0, "libs", kind)), Is.Empty);

    [Test]
    public void An_unknown_BLAS_is_named()
    {
        Assert.That(MnistBench.Caveat(new(1.0, "libfoo.so", "unknown")), Does.Contain("BLAS unknown").And.Contain("libfoo.so"));
    }
}
