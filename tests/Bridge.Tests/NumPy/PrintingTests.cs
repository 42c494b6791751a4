using System.Diagnostics;

namespace Bridge.Tests.NumPy;

/// <summary>numpy str/repr of arrays and scalars, against outputs of real numpy 1.24 and the 2017 notebooks (numpy 1.13).</summary>
[TestFixture, NonParallelizable]
public class PrintingTests
{
    private static readonly PrintOptions Modern = new();
    private static readonly PrintOptions Legacy = new() { Legacy113 = true };

    [TearDown]
    public void RestoreOptions() => PrintOptions.Reset();

    private static IEnumerable<TestCaseData> ModernCases() =>
        PrintingCases.All.Select(c => new TestCaseData(c).SetArgDisplayNames(c.ToString()));

    private static IEnumerable<TestCaseData> LegacyCases() =>
        PrintingCases.All.Where(c => c.LegacyRepr is not null).Select(c => new TestCaseData(c).SetArgDisplayNames(c.ToString()));

    [TestCaseSource(nameof(ModernCases))]
    public void Modern_str_and_repr_match_numpy_1_24(Case c)
    {
        var a = c.Build();
        Assert.That(NumPyPrinter.Str(a, Modern), Is.EqualTo(c.ModernStr), "str");
        Assert.That(NumPyPrinter.Repr(a, Modern), Is.EqualTo(c.ModernRepr), "repr");
    }

    [TestCaseSource(nameof(LegacyCases))]
    public void Legacy_str_and_repr_match_numpy_1_24_legacy_mode(Case c)
    {
        var a = c.Build();
        Assert.That(NumPyPrinter.Str(a, Legacy), Is.EqualTo(c.LegacyStr), "str");
        Assert.That(NumPyPrinter.Repr(a, Legacy), Is.EqualTo(c.LegacyRepr), "repr");
    }

    // Original numpy 1.13 outputs (notebooks of 2017): float32 is promoted to double and printed with '%.8f'.
    [TestCase("float32", new long[] { 3, 3 }, new[] { 0.802695631980896, 0.6786129474639893, -1.2172831296920776, -0.30516859889030457, -0.3032113015651703, 1.5082570314407349, 0.7572236061096191, -0.7008908987045288, -2.108203887939453 }, "[[ 0.80269563  0.67861295 -1.21728313]\n [-0.3051686  -0.3032113   1.50825703]\n [ 0.75722361 -0.7008909  -2.10820389]]")]
    [TestCase("float32", new long[] { 3, 3 }, new[] { -1.1588541269302368, 0.2805842161178589, 1.1422957181930542, 0.3760979175567627, 0.19073224067687988, 0.3330468237400055, -0.35536593198776245, -0.44033223390579224, -1.2561722993850708 }, "[[-1.15885413  0.28058422  1.14229572]\n [ 0.37609792  0.19073224  0.33304682]\n [-0.35536593 -0.44033223 -1.2561723 ]]")]
    [TestCase("float32", new long[] { 2, 1 }, new[] { 36637148971008.0, 73754336034816.0 }, "[[  3.66371490e+13]\n [  7.37543360e+13]]")]
    [TestCase("float32", new long[] { 2, 1 }, new[] { -1.2143878989585947e+21, -2.4446870154006894e+21 }, "[[ -1.21438790e+21]\n [ -2.44468702e+21]]")]
    [TestCase("float32", new long[] { 2, 1 }, new[] { double.PositiveInfinity, double.PositiveInfinity }, "[[ inf]\n [ inf]]")]
    [TestCase("float32", new long[] { 2, 1 }, new[] { double.NaN, double.NaN }, "[[ nan]\n [ nan]]")]
    [TestCase("float32", new long[] { 2, 3 }, new[] { double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN }, "[[ nan  nan  nan]\n [ nan  nan  nan]]")]
    [TestCase("float64", new long[] { 2, 1 }, new[] { -1104436.375, -2224342.75 }, "[[-1104436.375]\n [-2224342.75 ]]")]
    [TestCase("float32", new long[] { 3 }, new[] { 2.0, 3.0, 4.0 }, "[ 2.  3.  4.]")]
    [TestCase("float32", new long[] { }, new[] { 5.732028484344482 }, "5.73203")]
    [TestCase("float32", new long[] { }, new[] { 3.3179993629455566 }, "3.318")]
    [TestCase("float32", new long[] { }, new[] { 0.6722608208656311 }, "0.672261")]
    [TestCase("float32", new long[] { }, new[] { 2455329308672.0 }, "2.45533e+12")]
    [TestCase("float32", new long[] { }, new[] { 10.0 }, "10.0")]
    [TestCase("float32", new long[] { }, new[] { double.PositiveInfinity }, "inf")]
    [TestCase("float32", new long[] { }, new[] { double.NaN }, "nan")]
    public void Legacy_str_matches_numpy_1_13_notebooks(string dtype, long[] dims, double[] values, string expected) =>
        Assert.That(NumPyPrinter.Str(Case.Make(dtype, dims, values), Legacy), Is.EqualTo(expected));

    [TestCase("float64", new long[] { 3 }, new[] { 0.0, 1.0, 2.0 }, "array([ 0.,  1.,  2.])")]
    [TestCase("float64", new long[] { 4, 3 }, new[] { 1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, "array([[  1.,   2.,   3.],\n       [  4.,   5.,   6.],\n       [  7.,   8.,   9.],\n       [ 10.,  11.,  12.]])")]
    [TestCase("int64", new long[] { 4, 3 }, new[] { 0.0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, "array([[ 0,  1,  2],\n       [ 3,  4,  5],\n       [ 6,  7,  8],\n       [ 9, 10, 11]])")]
    [TestCase("float32", new long[] { 2, 3 }, new[] { 0.4353587627410889, 0.7693343162536621, 0.6513094902038574, 0.9086340665817261, 0.06278824806213379, 0.8507318496704102 }, "array([[ 0.43535876,  0.76933432,  0.65130949],\n       [ 0.90863407,  0.06278825,  0.85073185]], dtype=float32)")]
    [TestCase("float32", new long[] { }, new[] { 2.5 }, "2.5")]
    [TestCase("int32", new long[] { }, new[] { 1.0 }, "1")]
    public void Legacy_repr_matches_numpy_1_13_notebooks(string dtype, long[] dims, double[] values, string expected) =>
        Assert.That(NumPyPrinter.Repr(Case.Make(dtype, dims, values), Legacy), Is.EqualTo(expected));

    [Test]
    public void Style_follows_PrintOptions_Current()
    {
        var a = Case.Make("float32", [2], [2.0, 3.0]);
        Assert.That(a.ToString(), Is.EqualTo("[2. 3.]"));
        using (PrintOptions.Use(Legacy))
        {
            Assert.That(a.ToString(), Is.EqualTo("[ 2.  3.]"));
            Assert.That(a.repr(), Is.EqualTo("array([ 2.,  3.], dtype=float32)"));
        }
        Assert.That(a.repr(), Is.EqualTo("array([2., 3.], dtype=float32)"));
    }

}
