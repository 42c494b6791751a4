using System.Text.Json;
using static Bridge.Binding;

namespace Bridge.Tests.Labs;

/// <summary>
/// Every item of golden/lab08.json: the C# transliteration of the notebook cell must give the recorded value,
/// dtype and shape, and print the notebook's text (numpy 1.13 style) and numpy 1.24's modern text.
/// </summary>
public class Lab08GoldenTests : GraphFixture
{
    private static readonly int[,,,] Rank4 =
    {
        {
            { { 1, 2, 3, 4 }, { 5, 6, 7, 8 }, { 9, 10, 11, 12 } },
            { { 13, 14, 15, 16 }, { 17, 18, 19, 20 }, { 21, 22, 23, 24 } },
        },
    };

    private static readonly double[,] X2 = { { 1.0, 2.0 }, { 3.0, 4.0 } };
    private static readonly int[,] Xi = { { 0, 1, 2 }, { 2, 1, 0 } };
    private static NDArray T3 => np.array(new[,,] { { { 0, 1, 2 }, { 3, 4, 5 } }, { { 6, 7, 8 }, { 9, 10, 11 } } });
    private static NDArray Simple => np.array(new[] { 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0 });

    /// <summary>The value each golden item records, computed the way the notebook cell computes it.</summary>
    private static readonly Dictionary<string, Func<object>> Cases = new()
    {
        ["simple_array.pprint"] = () => Simple,
        ["simple_array.ndim"] = () => Simple.ndim,
        ["simple_array.shape"] = () => Simple.shape,
        ["simple_array.index"] = () => new object[] { Simple[0], Simple[1], Simple[-1] },
        ["simple_array.slice1"] = () => new object[] { Simple[2..5], Simple[4..^1] },
        ["simple_array.slice2"] = () => new object[] { Simple[..2], Simple[3..] },
        ["array2d.pprint"] = () => np.array(new[,] { { 1.0, 2.0, 3.0 }, { 4.0, 5.0, 6.0 }, { 7.0, 8.0, 9.0 }, { 10.0, 11.0, 12.0 } }),
        ["array2d.ndim"] = () => np.array(new[,] { { 1.0, 2.0, 3.0 }, { 4.0, 5.0, 6.0 }, { 7.0, 8.0, 9.0 }, { 10.0, 11.0, 12.0 } }).ndim,
        ["array2d.shape"] = () => np.array(new[,] { { 1.0, 2.0, 3.0 }, { 4.0, 5.0, 6.0 }, { 7.0, 8.0, 9.0 }, { 10.0, 11.0, 12.0 } }).shape,
        ["shape.rank1"] = () => tf.shape(tf.constant(new[] { 1, 2, 3, 4 })).eval(),
        ["shape.rank2"] = () => tf.shape(tf.constant(new[,] { { 1, 2 }, { 3, 4 } })).eval(),
        ["shape.rank4"] = () => tf.shape(tf.constant(Rank4)).eval(),
        ["matmul"] = () => tf.matmul(tf.constant(new[,] { { 3.0, 3.0 } }), tf.constant(new[,] { { 2.0 }, { 2.0 } })).eval(),
        ["multiply_broadcast"] = () => (tf.constant(new[,] { { 3.0, 3.0 } }) * tf.constant(new[,] { { 2.0 }, { 2.0 } })).eval(),
        ["add_broadcast"] = () => (tf.constant(new[,] { { 3.0, 3.0 } }) + tf.constant(new[,] { { 2.0 }, { 2.0 } })).eval(),
        ["add_same_shape"] = () => (tf.constant(new[,] { { 3.0, 3.0 } }) + tf.constant(new[,] { { 2.0, 2.0 } })).eval(),
        ["reduce_mean.int"] = () => tf.reduce_mean(new[] { 1, 2 }, axis: 0).eval(),
        ["reduce_mean.all"] = () => tf.reduce_mean(X2).eval(),
        ["reduce_mean.axis0"] = () => tf.reduce_mean(X2, axis: 0).eval(),
        ["reduce_mean.axis1"] = () => tf.reduce_mean(X2, axis: 1).eval(),
        ["reduce_mean.axis-1"] = () => tf.reduce_mean(X2, axis: -1).eval(),
        ["reduce_sum.all"] = () => tf.reduce_sum(X2).eval(),
        ["reduce_sum.axis0"] = () => tf.reduce_sum(X2, axis: 0).eval(),
        ["reduce_sum.axis-1"] = () => tf.reduce_sum(X2, axis: -1).eval(),
        ["reduce_mean_of_sum"] = () => tf.reduce_mean(tf.reduce_sum(X2, axis: -1)).eval(),
        ["argmax.axis0"] = () => tf.argmax(Xi, axis: 0).eval(),
        ["argmax.axis1"] = () => tf.argmax(Xi, axis: 1).eval(),
        ["argmax.axis-1"] = () => tf.argmax(Xi, axis: -1).eval(),
        ["reshape.t_shape"] = () => T3.shape,
        ["reshape.-1x3"] = () => tf.reshape(T3, shape: new[] { -1, 3 }).eval(),
        ["reshape.-1x1x3"] = () => tf.reshape(T3, shape: new[] { -1, 1, 3 }).eval(),
        ["squeeze"] = () => tf.squeeze(new[,] { { 0 }, { 1 }, { 2 } }).eval(),
        ["expand_dims"] = () => tf.expand_dims(new[] { 0, 1, 2 }, 1).eval(),
        ["one_hot"] = () => tf.one_hot(new[,] { { 0 }, { 1 }, { 2 }, { 0 } }, depth: 3).eval(),
        ["one_hot.reshape"] = () => tf.reshape(tf.one_hot(new[,] { { 0 }, { 1 }, { 2 }, { 0 } }, depth: 3), shape: new[] { -1, 3 }).eval(),
        ["cast.float_to_int"] = () => tf.cast(new[] { 1.8, 2.2, 3.3, 4.9 }, tf.int32).eval(),
        ["cast.bool_to_int"] = () => tf.cast(new[] { true, false, 1 == 1, 0 == 1 }, tf.int32).eval(),
        ["stack.axis0"] = () => tf.stack(new[] { new[] { 1, 4 }, new[] { 2, 5 }, new[] { 3, 6 } }).eval(),
        ["stack.axis1"] = () => tf.stack(new[] { new[] { 1, 4 }, new[] { 2, 5 }, new[] { 3, 6 } }, axis: 1).eval(),
        ["ones_like"] = () => tf.ones_like(Xi).eval(),
        ["zeros_like"] = () => tf.zeros_like(Xi).eval(),
        ["transpose.input"] = () => T3,
        ["transpose.102"] = () => tf.transpose(T3, new[] { 1, 0, 2 }).eval(),
        ["transpose.102_back"] = () => tf.transpose(tf.transpose(T3, new[] { 1, 0, 2 }), new[] { 1, 0, 2 }).eval(),
        ["transpose.120"] = () => tf.transpose(T3, new[] { 1, 2, 0 }).eval(),
        ["transpose.201"] = () => tf.transpose(tf.transpose(T3, new[] { 1, 2, 0 }), new[] { 2, 0, 1 }).eval(),
    };

    /// <summary>The notebook ran its three random cells first (In [2]..[4]) on a fresh graph seeded 777: op seeds 3, 9, 16.</summary>
    private static readonly string[] RandomIds = ["random_normal_3", "random_uniform_2", "random_uniform_2x3"];

    private static NDArray[] RandomCells()
    {
        tf.set_random_seed(777);
        return [tf.random_normal(new[] { 3 }).eval(), tf.random_uniform(new[] { 2 }).eval(), tf.random_uniform(new[] { 2, 3 }).eval()];
    }

    private static IEnumerable<TestCaseData> Items()
    {
        using var doc = SharedData.GoldenJson("lab08.json");
        // zip.* and shape.literal_echo print plain Python values: the lab-08 script test covers them.
        foreach (var item in doc.RootElement.GetProperty("items").EnumerateArray())
            if (item.GetProperty("id").GetString() is { } id && (Cases.ContainsKey(id) || RandomIds.Contains(id)))
                yield return new TestCaseData(id).SetName("lab08 " + id);
    }

    private static JsonElement Item(string id)
    {
        var doc = SharedData.GoldenJson("lab08.json");
        return doc.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == id).Clone();
    }

    [Test]
    public void EveryGoldenItemHasACase()
    {
        using var doc = SharedData.GoldenJson("lab08.json");
        var ids = doc.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
        var missing = ids.Where(id => !Cases.ContainsKey(id) && !RandomIds.Contains(id) && !id.StartsWith("zip.") && id != "shape.literal_echo").ToList();
        Assert.That(missing, Is.Empty);
        Assert.That(ids, Has.Count.EqualTo(52));
    }

    [TestCaseSource(nameof(Items))]
    public void ValueDtypeAndShape(string id)
    {
        var item = Item(id);
        using var sess = tf.InteractiveSession();
        object value;
        if (RandomIds.Contains(id)) value = RandomCells()[Array.IndexOf(RandomIds, id)];
        else value = Cases[id]();
        var expected = item.GetProperty("expected_output");
        var dtype = item.GetProperty("expected_dtype").GetString()!;
        switch (value)
        {
            case NDArray nd:
                Assert.That(nd.dtype.as_numpy_name(), Is.EqualTo(dtype), "dtype");
                Assert.That(nd.shape.dims, Is.EqualTo(item.GetProperty("expected_shape").EnumerateArray().Select(e => e.GetInt64()).ToArray()), "shape");
                // Exact: float32 values compare as float32 (the golden decimals are the float32 values printed with
                // 8 or more significant digits, which round back to the same float).
                var actual = Enumerable.Range(0, (int)nd.size).Select(i => nd.GetDouble(i)).ToArray();
                if (nd.dtype == TF_DataType.TF_FLOAT)
                    Assert.That(actual.Select(v => (float)v), Is.EqualTo(Flatten(expected).Select(v => (float)v)), "values");
                else
                    Assert.That(actual, Is.EqualTo(Flatten(expected)), "values");
                AssertPrints(nd, item);
                break;
            case int n:
                Assert.That(n, Is.EqualTo(expected.GetInt32()));
                break;
            case Shape s:
                Assert.That(s.dims, Is.EqualTo(expected.EnumerateArray().Select(e => e.GetInt64()).ToArray()));
                break;
            case object[] arrays:
                Assert.That(arrays.Cast<NDArray>().SelectMany(a => Enumerable.Range(0, (int)a.size).Select(i => a.GetDouble(i))).ToArray(),
                    Is.EqualTo(Flatten(expected)));
                Assert.That(arrays.Cast<NDArray>().All(a => a.dtype == TF_DataType.TF_DOUBLE));
                break;
            default:
                Assert.Fail($"unexpected value type {value.GetType()}");
                break;
        }
    }

    /// <summary>The computed value prints as the notebook did (numpy 1.13 repr) and as numpy 1.24 does.</summary>
    private static void AssertPrints(NDArray nd, JsonElement item)
    {
        var original = item.GetProperty("original_text").GetString()!.TrimEnd('\n');
        // Transpose cells print the shape on a first line, then the array.
        if (original.StartsWith('(')) original = original[(original.IndexOf('\n') + 1)..];
        np.set_printoptions(legacy: "1.13");
        Assert.That(nd.repr(), Is.EqualTo(original), "numpy 1.13 repr (the notebook's text)");
        np.set_printoptions(legacy: false);
        if (item.TryGetProperty("modern_numpy_render", out var modern) && modern.ValueKind == JsonValueKind.String)
            Assert.That(nd.repr(), Is.EqualTo(modern.GetString()), "numpy 1.24 repr");
    }

    private static double[] Flatten(JsonElement e) => e.ValueKind == JsonValueKind.Array
        ? e.EnumerateArray().SelectMany(Flatten).ToArray()
        : [e.GetDouble()];
}
