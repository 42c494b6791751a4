using System.Text;
using System.Text.RegularExpressions;

namespace Bridge.Cli.Check;

/// <summary>A piece of printed output that is compared as a unit: a step's lines, a labelled line and what follows it, or the preamble.</summary>
/// <param name="Key"><c>step 5</c>, <c>step 200/Prediction:</c>, <c>end/Accuracy:</c>, <c>preamble</c>.</param>
/// <param name="Text">The segment's text without its key (the step number or the label).</param>
internal sealed record OutputSegment(string Key, string Text);

/// <summary>
/// Printed lab output cut into segments that can be aligned between our run and the original, whose recorded output
/// omits steps (marked by a <c>...</c> line).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A line starting with an integer and a space (or nothing), or with <c>Step:</c> and one (lab 06-2's
/// <c>Step:   200\tLoss: ...</c>), starts the segment <c>step N</c>; the lines that
/// follow belong to it until the next step line, labelled line or <c>...</c> line.</item>
/// <item>A labelled line (<see cref="Labels"/>) starts a segment <c>step N/Label</c>, keyed by the step it follows
/// (lab 07-2 prints <c>Prediction:</c> at every step); before any step it is keyed by the label alone.</item>
/// <item>After a <c>...</c> line the original skipped steps up to the end of training, so labelled lines there are
/// keyed <c>end/Label</c>, and <see cref="Find"/> maps such a key to the labelled segment after our last step.</item>
/// <item>Lines before the first step (lab 07-3's scaled data) form the <c>preamble</c>; other lines after a
/// <c>...</c> are not compared.</item>
/// </list>
/// </remarks>
internal sealed partial class OutputSegments
{
    /// <summary>The labelled lines the labs print.</summary>
    public static readonly string[] Labels = ["Prediction:", "Accuracy:", "Hypothesis:", "Correct:", "Predicted:", "Your score will be", "Other scores will be", "-------------"];

    private const string EndPrefix = "end/";

    private readonly Dictionary<string, OutputSegment> _byKey = [];

    private OutputSegments(List<OutputSegment> segments, string? lastStep)
    {
        Segments = segments;
        LastStep = lastStep;
        foreach (var s in segments) _byKey[s.Key] = s;
    }

    /// <summary>The segments in printed order.</summary>
    public IReadOnlyList<OutputSegment> Segments { get; }

    /// <summary>The number of the last step line, or null if there was none.</summary>
    public string? LastStep { get; }

    // "200 0.59" (most labs) or "Step:   200\tLoss: 0.486" (lab 06-2).
    [GeneratedRegex(@"^(?:Step:\s*)?(?<step>\d+)(?=\s|$)")]
    private static partial Regex StepLine();

    [GeneratedRegex(@"^\s*\.\.\.\s*$")]
    private static partial Regex Ellipsis();

    /// <summary>Cuts <paramref name="text"/> into segments.</summary>
    public static OutputSegments Parse(string text)
    {
        var segments = new List<OutputSegment>();
        var seen = new Dictionary<string, int>();
        string? key = null, step = null;
        var body = new StringBuilder();
        var skipped = false;  // after a "..." line and before the next step line

        void Flush()
        {
            if (key is null) return;
            // A key printed twice in one step (never in the labs so far) stays distinct: Key, Key#2, ...
            var n = seen[key] = seen.GetValueOrDefault(key) + 1;
            segments.Add(new OutputSegment(n == 1 ? key : $"{key}#{n}", body.ToString()));
            key = null;
            body.Clear();
        }

        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (Ellipsis().IsMatch(line))
            {
                Flush();
                skipped = true;
                continue;
            }
            if (StepLine().Match(line) is { Success: true } m)
            {
                Flush();
                step = m.Groups["step"].Value;
                skipped = false;
                key = $"step {step}";
                body.AppendLine(line[m.Length..]);
                continue;
            }
            var trimmed = line.TrimStart();
            if (Labels.FirstOrDefault(trimmed.StartsWith) is { } label)
            {
                Flush();
                key = skipped ? EndPrefix + label : step is null ? label : $"step {step}/{label}";
                body.AppendLine(trimmed[label.Length..]);
                continue;
            }
            if (key is null && step is null && !skipped)
                key = "preamble";
            if (key is not null)
                body.AppendLine(line);
        }
        Flush();
        return new OutputSegments(segments, step);
    }

    /// <summary>
    /// The segment for <paramref name="key"/>; an <c>end/</c> key, or a bare label we print only after our steps, finds
    /// the labelled segment after the last step.
    /// </summary>
    public OutputSegment? Find(string key)
    {
        if (_byKey.TryGetValue(key, out var segment)) return segment;
        if (key.StartsWith(EndPrefix, StringComparison.Ordinal) && LastStep is not null)
            return _byKey.GetValueOrDefault($"step {LastStep}/{key[EndPrefix.Length..]}");
        // A label with no step before it in the original, which we print after our steps: a record that kept only
        // the lines after training (lab 04-4's "Your score will be", lab 06-1's "-------------" separators, the
        // second of them keyed "-------------#2").
        var hash = key.IndexOf('#');
        if (Labels.Contains(hash < 0 ? key : key[..hash]) && LastStep is not null)
            return _byKey.GetValueOrDefault($"step {LastStep}/{key}");
        return null;
    }
}
