using System.Text.Json;

namespace Bridge.Tests.NumPy;

/// <summary>Lab 08's golden values (shared/golden/lab08.json): legacy repr = the notebook's text, modern repr = numpy 1.24's.</summary>
[TestFixture, NonParallelizable]
public class GoldenPrintingTests
{
    [TearDown]
    public void RestoreOptions() => PrintOptions.Reset();

    /// <summary>shared/ beside the repository root (the folder holding Bridge.sln), or BRIDGE_SHARED.</summary>
    internal static string? SharedFolder()
    {
        var env = Environment.GetEnvironmentVariable("BRIDGE_SHARED");
        if (!string.IsNullOrEmpty(env)) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Bridge.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
        return null;
    }

    private static string GoldenPath => Path.Combine(SharedFolder() ?? ".", "golden", "lab08.json");

    private static IEnumerable<TestCaseData> Items()
    {
        if (!File.Exists(GoldenPath)) yield break;
        using var doc = JsonDocument.Parse(File.ReadAllText(GoldenPath));
        foreach (var item in doc.RootElement.GetProperty("items").EnumerateArray())
        {
            if (!item.TryGetProperty("modern_numpy_render", out var modern)) continue;
            if (!item.TryGetProperty("original_text", out var original)) continue;
            string dtype = item.GetProperty("expected_dtype").GetString()!;
            if (dtype.StartsWith("python")) continue;
            var dims = item.GetProperty("expected_shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            var values = new List<double>();
            Flatten(item.GetProperty("expected_output"), values);
            string id = item.GetProperty("id").GetString()!;
            yield return new TestCaseData(dtype, dims, values.ToArray(), ArrayPart(original.GetString()!), modern.GetString()!)
                .SetArgDisplayNames(id);
        }
    }

    // Some cells print the shape on a line before the array: keep the array's repr only.
    private static string ArrayPart(string text)
    {
        int at = text.IndexOf("array(", StringComparison.Ordinal);
        return at > 0 ? text[at..].TrimEnd('\n') : text;
    }

    private static void Flatten(JsonElement e, List<double> into)
    {
        if (e.ValueKind == JsonValueKind.Array) foreach (var x in e.EnumerateArray()) Flatten(x, into);
        else if (e.ValueKind is JsonValueKind.True or JsonValueKind.False) into.Add(e.GetBoolean() ? 1 : 0);
        else into.Add(e.GetDouble());
    }

    [Test]
    public void Golden_file_is_present() =>
        Assert.That(File.Exists(GoldenPath), Is.True, $"missing {GoldenPath} (set BRIDGE_SHARED to the shared folder)");

    [TestCaseSource(nameof(Items))]
    public void Lab08_repr(string dtype, long[] dims, double[] values, string legacy, string modern)
    {
        var a = Case.Make(dtype, dims, values);
        Assert.That(NumPyPrinter.Repr(a, new PrintOptions { Legacy113 = true }), Is.EqualTo(legacy), "legacy 1.13 (notebook text)");
        Assert.That(NumPyPrinter.Repr(a, new PrintOptions()), Is.EqualTo(modern), "modern numpy 1.24");
    }
}
