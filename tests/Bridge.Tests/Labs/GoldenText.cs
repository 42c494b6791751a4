using System.Text;
using System.Text.Json;

namespace Bridge.Tests.Labs;

/// <summary>
/// Turns golden/lab07.json's printed values back into printed text (<c>step cost [weights]</c>, then the trailer), so
/// they go through the same comparison as the recorded outputs. Numbers keep the JSON's digits, which set the tolerance.
/// </summary>
internal static class GoldenText
{
    /// <summary>
    /// One line per step of <paramref name="printed"/> (<c>{"0": [cost, W], "199": ...}</c>); a key <c>A..B</c> stands
    /// for steps A to B every <paramref name="stride"/>, and a weight <c>"all nan"</c> for nine nans (3x3).
    /// </summary>
    public static string Steps(JsonElement printed, int stride)
    {
        var text = new StringBuilder();
        foreach (var step in printed.EnumerateObject())
        {
            var values = step.Value.EnumerateArray().ToArray();
            var line = $"{Token(values[0])} {Weights(values[1])}";
            var range = step.Name.Split("..");
            var first = int.Parse(range[0]);
            var last = range.Length == 2 ? int.Parse(range[1]) : first;
            for (var s = first; s <= last; s += stride)
                text.Append(s).Append(' ').AppendLine(line);
        }
        return text.ToString();
    }

    /// <summary><c>...</c>, then <c>Prediction:</c> and <c>Accuracy:</c> of a run.</summary>
    public static string Trailer(JsonElement run) =>
        "...\nPrediction: [" + string.Join(" ", run.GetProperty("Prediction").EnumerateArray().Select(Token)) + "]\n" +
        "Accuracy:  " + Token(run.GetProperty("Accuracy")) + "\n";

    private static string Weights(JsonElement w) => w.ValueKind == JsonValueKind.String
        ? "[" + string.Join(" ", Enumerable.Repeat(w.GetString()!.Replace("all ", ""), 9)) + "]"
        : "[" + string.Join(" ", Flatten(w)) + "]";

    private static IEnumerable<string> Flatten(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().SelectMany(Flatten) : [Token(e)];

    private static string Token(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
}
