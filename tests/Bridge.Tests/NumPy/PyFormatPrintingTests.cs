namespace Bridge.Tests.NumPy;

/// <summary>Python's str/repr, pprint.pformat(indent=4) and IPython's display, with expectations from CPython 3.11 / IPython.</summary>
[TestFixture, NonParallelizable]
public class PyFormatPrintingTests
{
    [TearDown]
    public void RestoreOptions() => PrintOptions.Reset();

    [TestCase(0.1, "0.1")]
    [TestCase(1.0, "1.0")]
    [TestCase(1e16, "1e+16")]
    [TestCase(1e-05, "1e-05")]
    [TestCase(1e15, "1000000000000000.0")]
    [TestCase(0.0001, "0.0001")]
    [TestCase(123456789012345.6, "123456789012345.6")]
    [TestCase(-0.0, "-0.0")]
    [TestCase(2.5e-7, "2.5e-07")]
    [TestCase(1.7976931348623157e308, "1.7976931348623157e+308")]
    [TestCase(5e-324, "5e-324")]
    [TestCase(double.PositiveInfinity, "inf")]
    [TestCase(double.NegativeInfinity, "-inf")]
    [TestCase(double.NaN, "nan")]
    public void Python_float_repr(double v, string expected)
    {
        Assert.That(PyFormat.Repr(v), Is.EqualTo(expected));
        Assert.That(PyFormat.Str(v), Is.EqualTo(expected));
    }

    [TestCase(0.15230925f, "0.15230925")]
    [TestCase(0.1f, "0.1")]
    [TestCase(1e-5f, "1e-05")]
    [TestCase(2455330000000f, "2455330000000.0")]
    [TestCase(2.5f, "2.5")]
    [TestCase(10f, "10.0")]
    public void Float32_prints_as_a_numpy_float32_scalar(float v, string expected)
    {
        Assert.That(PyFormat.Str(v), Is.EqualTo(expected));
        Assert.That(PyFormat.Repr(v), Is.EqualTo(expected));
    }

    [Test]
    public void Float32_in_legacy_style_uses_6_digits_for_str_and_8_for_repr()
    {
        using var _ = PrintOptions.Use(new PrintOptions { Legacy113 = true });
        Assert.That(PyFormat.Str(5.732028484344482f), Is.EqualTo("5.73203"));
        Assert.That(PyFormat.Repr(5.732028484344482f), Is.EqualTo("5.7320285"));
        Assert.That(PyFormat.Repr(0.1), Is.EqualTo("0.1"), "Python floats are not numpy scalars");
    }

    [Test]
    public void Python_values()
    {
        Assert.That(PyFormat.Str(null), Is.EqualTo("None"));
        Assert.That(PyFormat.Str("abc"), Is.EqualTo("abc"));
        Assert.That(PyFormat.Repr("abc"), Is.EqualTo("'abc'"));
        Assert.That(PyFormat.Repr("it's"), Is.EqualTo("\"it's\""));
        Assert.That(PyFormat.Repr("a\nb\\"), Is.EqualTo("'a\\nb\\\\'"));
        Assert.That(PyFormat.Str(true), Is.EqualTo("True"));
        Assert.That(PyFormat.Str(-42L), Is.EqualTo("-42"));
        Assert.That(PyFormat.Str((byte)7), Is.EqualTo("7"));
        Assert.That(PyFormat.Str(new Shape(4, 3)), Is.EqualTo("(4, 3)"));
        Assert.That(PyFormat.Str(new Shape(7)), Is.EqualTo("(7,)"));
        Assert.That(PyFormat.Str(new[] { 1, 2, 3 }), Is.EqualTo("[1, 2, 3]"));
        Assert.That(PyFormat.Str(new[] { new[] { 1, 2 }, new[] { 3, 4 } }), Is.EqualTo("[[1, 2], [3, 4]]"));
        Assert.That(PyFormat.Str(new List<object?> { "a", 1.0, null, true }), Is.EqualTo("['a', 1.0, None, True]"));
        Assert.That(PyFormat.Str((1, 2)), Is.EqualTo("(1, 2)"));
        Assert.That(PyFormat.Str(ValueTuple.Create(1)), Is.EqualTo("(1,)"));
        Assert.That(PyFormat.Str(Tuple.Create("x", 0.5)), Is.EqualTo("('x', 0.5)"));
        Assert.That(PyFormat.Str(new[] { 1.5, 2.0 }), Is.EqualTo("[1.5, 2.0]"));
    }

    [Test]
    public void Arrays_inside_lists_show_their_repr()
    {
        var a = new NDArray(new float[] { 1, 2 }, 2);
        Assert.That(PyFormat.Str(a), Is.EqualTo("[1. 2.]"));
        Assert.That(PyFormat.Str(new object[] { a, 3 }), Is.EqualTo("[array([1., 2.], dtype=float32), 3]"));
    }

    private static readonly object FourD = new[] { new[] { new[] { new[] { 1, 2, 3, 4 }, new[] { 5, 6, 7, 8 }, new[] { 9, 10, 11, 12 } }, new[] { new[] { 13, 14, 15, 16 }, new[] { 17, 18, 19, 20 }, new[] { 21, 22, 23, 24 } } } };

    private static readonly object Mixed = new object[]
    {
        new[] { 1.5, 2.25, 3.125, 4.0625, 1.5, 2.25, 3.125, 4.0625, 1.5, 2.25, 3.125, 4.0625 },
        ValueTuple.Create(1), (1, "a"), "it's", Enumerable.Repeat(0.1, 12).ToArray(),
    };

    [Test]
    public void IPython_pretty_breaks_outer_groups_first()
    {
        Assert.That(PyFormat.IPythonPretty(FourD), Is.EqualTo("[[[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]],\n  [[13, 14, 15, 16], [17, 18, 19, 20], [21, 22, 23, 24]]]]"));
        Assert.That(PyFormat.IPythonPretty(Mixed), Is.EqualTo("[[1.5,\n  2.25,\n  3.125,\n  4.0625,\n  1.5,\n  2.25,\n  3.125,\n  4.0625,\n  1.5,\n  2.25,\n  3.125,\n  4.0625],\n (1,),\n (1, 'a'),\n \"it's\",\n [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]]"));
        var rows = new object[] { Enumerable.Range(0, 30).ToArray(), Enumerable.Repeat(Enumerable.Range(0, 10).ToArray(), 4).ToArray() };
        string expected = "[[" + string.Join(",\n  ", Enumerable.Range(0, 30)) + "],\n [" +
                          string.Join(",\n  ", Enumerable.Repeat("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]", 4)) + "]]";
        Assert.That(PyFormat.IPythonPretty(rows), Is.EqualTo(expected));
        Assert.That(PyFormat.IPythonPretty(new[] { 1, 2 }), Is.EqualTo("[1, 2]"));
    }

    [Test]
    public void Pprint_with_indent_4()
    {
        Assert.That(PyFormat.Pretty(new[] { 1, 2 }), Is.EqualTo("[1, 2]"));
        Assert.That(PyFormat.Pretty(FourD), Is.EqualTo("[   [   [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]],\n        [[13, 14, 15, 16], [17, 18, 19, 20], [21, 22, 23, 24]]]]"));
        Assert.That(PyFormat.Pretty(Mixed), Is.EqualTo("[   [   1.5,\n        2.25,\n        3.125,\n        4.0625,\n        1.5,\n        2.25,\n        3.125,\n        4.0625,\n        1.5,\n        2.25,\n        3.125,\n        4.0625],\n    (1,),\n    (1, 'a'),\n    \"it's\",\n    [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]]"));
    }
}
