using static Bridge.Binding;

namespace Bridge.Tests.NumPy;

/// <summary>
/// np.loadtxt and np.genfromtxt against numpy 1.x's semantics (npyio.py up to 1.22; values checked with numpy 1.24,
/// whose results agree for these files): dtypes, comments, usecols, squeezing, unpack, errors.
/// </summary>
public class LoadTxtTests : GraphFixture
{
    private readonly List<string> _files = [];

    private string Csv(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bridge-loadtxt-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        _files.Add(path);
        return path;
    }

    [TearDown]
    public void DeleteFiles()
    {
        foreach (var f in _files) File.Delete(f);
    }

    [Test]
    public void Float64ByDefaultWithCommentsAndEmptyLinesSkipped()
    {
        var xy = np.loadtxt(Csv("73,80,75,152\n# a comment\n\n93,88,93,185 # trailing\n"), delimiter: ",");
        Assert.That(xy.dtype, Is.EqualTo(np.float64));
        Assert.That(xy.shape.dims, Is.EqualTo(new long[] { 2, 4 }));
        Assert.That(xy.ToArray<double>(), Is.EqualTo(new[] { 73.0, 80, 75, 152, 93, 88, 93, 185 }));
        // The lab's slices: xy[:, 0:-1] and xy[:, [-1]].
        Assert.That(xy[.., ..^1].shape.dims, Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(xy[.., new[] { -1 }].shape.dims, Is.EqualTo(new long[] { 2, 1 }));
        Assert.That(xy[.., new[] { -1 }].ToArray<double>(), Is.EqualTo(new[] { 152.0, 185 }));
    }

    [Test]
    public void WhitespaceIsTheDefaultDelimiterAndPythonFloatSyntaxIsAccepted()
    {
        var a = np.loadtxt(Csv("  1.5\t-2e3  inf\n+.25 1_000 -NaN\n"));
        var v = a.ToArray<double>();
        Assert.That(v[..5], Is.EqualTo(new[] { 1.5, -2000, double.PositiveInfinity, 0.25, 1000 }));
        Assert.That(double.IsNaN(v[5]));
        Assert.That(np.loadtxt(Csv("0x1.8p1 2\n")).ToArray<double>(), Is.EqualTo(new[] { 3.0, 2 }), "numpy's hex fallback");
    }

    [Test]
    public void Float32IsTheFloat64ValueRoundedAgain()
    {
        // 1 + 2^-24 + 1e-25 is nearest float64 1 + 2^-24, a float32 tie that rounds to even (1.0); parsed straight to
        // float32 (as strtof does) it would be 1 + 2^-23. numpy 1.x converts through Python's float.
        var a = np.loadtxt(Csv("1.0000000596046447753906251,2\n"), np.float32, delimiter: ",");
        Assert.That(a.dtype, Is.EqualTo(np.float32));
        Assert.That(a.ToArray<float>(), Is.EqualTo(new[] { 1.0f, 2f }));
        Assert.That(np.loadtxt(Csv("0.1\n")).ToArray<double>()[0], Is.EqualTo(0.1));
    }

    [Test]
    public void IntegerAndBoolDtypesConvertAsNumPy1x()
    {
        // int32: int(float(text)) truncates; int64: int(text); bool: bool(int(text)).
        Assert.That(np.loadtxt(Csv("1.9 -2.7\n3 4\n"), np.int32).ToArray<int>(), Is.EqualTo(new[] { 1, -2, 3, 4 }));
        Assert.That(np.loadtxt(Csv("9007199254740993 -5\n"), np.int64).ToArray<long>(), Is.EqualTo(new[] { 9007199254740993L, -5 }));
        Assert.That(np.loadtxt(Csv("0 1 2\n"), np.@bool).ToArray<bool>(), Is.EqualTo(new[] { false, true, true }));
        var e = Assert.Throws<ValueError>(() => np.loadtxt(Csv("1.5\n"), np.int64))!;
        Assert.That(e.Message, Is.EqualTo("invalid literal for int() with base 10: '1.5'"));
    }

    [Test]
    public void UsecolsSkiprowsUnpackAndNdmin()
    {
        var path = Csv("header line\n1,0,2\n3,0,4\n");
        var x = np.loadtxt(path, delimiter: ",", skiprows: 1, usecols: [0, 2], unpack: true);
        Assert.That(x.shape.dims, Is.EqualTo(new long[] { 2, 2 }));
        Assert.That(x.ToArray<double>(), Is.EqualTo(new[] { 1.0, 3, 2, 4 }), "numpy's docstring: x = [1, 3], y = [2, 4]");
        Assert.That(np.loadtxt(path, delimiter: ",", skiprows: 1, usecols: [-1]).shape.dims, Is.EqualTo(new long[] { 2 }), "one column: 1-D");
        Assert.That(np.loadtxt(path, delimiter: ",", skiprows: 1, usecols: [-1], ndmin: 2).shape.dims, Is.EqualTo(new long[] { 2, 1 }));
        var row = Csv("1 2 3\n");
        Assert.That(np.loadtxt(row).shape.dims, Is.EqualTo(new long[] { 3 }), "one row: 1-D");
        Assert.That(np.loadtxt(row, ndmin: 2).shape.dims, Is.EqualTo(new long[] { 1, 3 }));
        var one = Csv("7\n");
        Assert.That(np.loadtxt(one).ndim, Is.EqualTo(0));
        Assert.That(np.loadtxt(one, ndmin: 1).shape.dims, Is.EqualTo(new long[] { 1 }));
        Assert.That(np.loadtxt(Csv("# nothing\n")).shape.dims, Is.EqualTo(new long[] { 0 }), "empty: shape (0,)");
        Assert.Throws<ValueError>(() => np.loadtxt(one, ndmin: 3));
    }

    [Test]
    public void ErrorsAreNumPy1xs()
    {
        var missing = Path.Combine(Path.GetTempPath(), "bridge-no-such-file.csv");
        var nf = Assert.Throws<FileNotFoundException>(() => np.loadtxt(missing))!;
        Assert.That(nf.Message, Is.EqualTo($"{missing} not found."));
        // numpy 1.x counts lines from the first one holding values (the leading comment is not counted), plus skiprows.
        var e = Assert.Throws<ValueError>(() => np.loadtxt(Csv("# c\n1,2,3\n4,5\n"), delimiter: ","))!;
        Assert.That(e.Message, Is.EqualTo("Wrong number of columns at line 2"));
        e = Assert.Throws<ValueError>(() => np.loadtxt(Csv("1,2\n3,x\n"), delimiter: ","))!;
        Assert.That(e.Message, Is.EqualTo("could not convert string to float: 'x'"));
        e = Assert.Throws<ValueError>(() => np.loadtxt(Csv("1,2\n3, \n"), delimiter: ","))!;
        Assert.That(e.Message, Is.EqualTo("could not convert string to float: ' '"));
        Assert.Throws<IndexError>(() => np.loadtxt(Csv("1,2\n"), delimiter: ",", usecols: [5]));
        Assert.Throws<TypeError>(() => np.loadtxt(Csv("1\n"), TF_DataType.TF_STRING));
    }

    [Test]
    public void GenFromTxtFillsMissingAndUnreadableValues()
    {
        var path = Csv("1,,3\n4,x,6\n7,8,9\n");
        var a = np.genfromtxt(path, delimiter: ",");
        var v = a.ToArray<double>();
        Assert.That(a.shape.dims, Is.EqualTo(new long[] { 3, 3 }));
        Assert.That(double.IsNaN(v[1]) && double.IsNaN(v[4]));
        Assert.That(v[6..], Is.EqualTo(new[] { 7.0, 8, 9 }));
        Assert.That(np.genfromtxt(path, delimiter: ",", filling_values: 0).ToArray<double>(), Is.EqualTo(new[] { 1.0, 0, 3, 4, 0, 6, 7, 8, 9 }));
        var i = np.genfromtxt(path, np.int32, delimiter: ",");
        Assert.That(i.ToArray<int>(), Is.EqualTo(new[] { 1, -1, 3, 4, -1, 6, 7, 8, 9 }), "integers fill with -1");
        Assert.That(np.genfromtxt(Csv("h\n1 2\n3 4\n"), skip_header: 1).ToArray<double>(), Is.EqualTo(new[] { 1.0, 2, 3, 4 }));
        Assert.That(np.genfromtxt(Csv("1 2\n3 4\n5 6\n"), skip_footer: 1).shape.dims, Is.EqualTo(new long[] { 2, 2 }));
        Assert.That(np.genfromtxt(Csv("1 2 3\n"), np.float32).dtype, Is.EqualTo(np.float32));
    }

    [Test]
    public void GenFromTxtListsEveryLineWithTheWrongNumberOfColumns()
    {
        var path = Csv("1 2 3\n4 5\n6 7 8\n9\n");
        var e = Assert.Throws<ValueError>(() => np.genfromtxt(path))!;
        Assert.That(e.Message, Is.EqualTo("Some errors were detected !\n    Line #2 (got 2 columns instead of 3)\n    Line #4 (got 1 columns instead of 3)"));
        Assert.That(np.genfromtxt(path, invalid_raise: false).ToArray<double>(), Is.EqualTo(new[] { 1.0, 2, 3, 6, 7, 8 }));
        Assert.That(np.genfromtxt(path, skip_footer: 1, invalid_raise: false).shape.dims, Is.EqualTo(new long[] { 2, 3 }), "numpy drops the error past the footer, not a row");
        Assert.Throws<FileNotFoundException>(() => np.genfromtxt(path + ".missing"));
    }

    [Test]
    public void LoadedFloat32FeedsAPlaceholder()
    {
        var xy = np.loadtxt(Csv("1,2,3\n4,5,6\n"), np.float32, delimiter: ",");
        var x = tf.placeholder(tf.float32, new Shape(-1, 2));
        using var sess = tf.Session();
        var sum = sess.run(tf.reduce_sum(x), new FeedItem(x, xy[.., ..^1]));
        Assert.That(sum.ToArray<float>(), Is.EqualTo(new[] { 12f }));
    }
}
