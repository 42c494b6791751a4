using System.Globalization;
using System.Text;

namespace Bridge.Cli.Check;

/// <summary>Formats the check's rows as one table and a verdict line.</summary>
internal static class CheckTable
{
    private static readonly string[] Header = ["lab", "numbers compared", "numbers matched", "largest difference", "seconds"];

    /// <summary>The table, one row per lab run, then the verdict line.</summary>
    public static string Format(IReadOnlyList<CheckRow> rows)
    {
        var cells = rows.Select(Cells).ToList();
        var widths = Header.Select((h, i) => cells.Select(c => c[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        text.AppendLine(Line(Header, widths));
        text.AppendLine(string.Join("-|-", widths.Select(w => new string('-', w))));
        foreach (var c in cells) text.AppendLine(Line(c, widths));
        text.AppendLine(Verdict(rows));
        return text.ToString();
    }

    /// <summary>True when no run failed or differed (runs without a reference do not count against it).</summary>
    public static bool Passed(IReadOnlyList<CheckRow> rows) => rows.All(r => r.Verdict is CheckVerdict.Match or CheckVerdict.NoReference or CheckVerdict.NoData);

    /// <summary>The difference in a short form: <c>0</c>, <c>6e-08</c>, <c>0.25</c>, <c>1.2e+05</c>, <c>inf</c> (two significant digits).</summary>
    public static string Compact(double difference) =>
        difference == 0 ? "0"
        : double.IsNaN(difference) ? "nan"
        : double.IsInfinity(difference) ? "inf"
        : difference.ToString("G2", CultureInfo.InvariantCulture).Replace('E', 'e');

    private static string[] Cells(CheckRow row)
    {
        var seconds = row.Seconds.ToString("0.0", CultureInfo.InvariantCulture);
        return row.Verdict switch
        {
            CheckVerdict.NoReference => [row.Run.Name, "no reference", "-", "-", seconds],
            CheckVerdict.NoData => [row.Run.Name, "no data", "-", "-", "-"],
            CheckVerdict.Error => [row.Run.Name, $"error (exit {row.ExitCode})", "-", "-", seconds],
            _ => [row.Run.Name, Count(row.Comparison!.Compared), Count(row.Comparison.Matched), Compact(row.Comparison.LargestDifference), seconds],
        };
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Line(IReadOnlyList<string> cells, int[] widths) =>
        string.Join(" | ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd();

    private static string Verdict(IReadOnlyList<CheckRow> rows)
    {
        var compared = rows.Count(r => r.Verdict is CheckVerdict.Match or CheckVerdict.Mismatch);
        var matched = rows.Count(r => r.Verdict is CheckVerdict.Match);
        var noReference = rows.Count(r => r.Verdict is CheckVerdict.NoReference);
        var errors = rows.Count(r => r.Verdict is CheckVerdict.Error);
        var noData = rows.Where(r => r.Verdict is CheckVerdict.NoData).Select(r => r.Run.DataFile!).Distinct().ToList();
        var tail = (noReference > 0 ? $"; {noReference} without a reference" : "") + (errors > 0 ? $"; {errors} failed to run" : "")
                   + (noData.Count > 0 ? $"; {rows.Count(r => r.Verdict is CheckVerdict.NoData)} not run: {string.Join(", ", noData)} not in the data folder (--data DIR)" : "");
        return Passed(rows)
            ? $"verdict: PASS - {matched} of {compared} lab runs with a reference match the originals{tail}"
            : $"verdict: FAIL - {compared - matched} of {compared} lab runs with a reference differ from the originals{tail}";
    }
}
