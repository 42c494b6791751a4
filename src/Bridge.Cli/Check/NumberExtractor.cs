using System.Text.RegularExpressions;

namespace Bridge.Cli.Check;

/// <summary>Finds the numbers in printed lab output, in order, and groups them by the array they are printed in.</summary>
internal static partial class NumberExtractor
{
    /// <summary>
    /// A number not glued to a word (so the 32 of <c>float32</c> is not one), an opening bracket (with numpy's
    /// <c>array(</c> in front of it, which starts a new array even inside a Python list), or a closing bracket.
    /// </summary>
    [GeneratedRegex(@"(?<array>array\(\[)|(?<open>\[)|(?<close>\])|(?<num>(?<![\w.])[-+]?(?:inf|nan|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)(?![\w.]))")]
    private static partial Regex Tokens();

    /// <summary>The numbers of <paramref name="text"/> in order.</summary>
    /// <remarks>
    /// A group is an outermost bracketed array, or an <c>array([...])</c> inside a printed list (lab 09-x prints lists
    /// of arrays); nested brackets (rows) stay in their array's group. A number outside brackets (a cost, an accuracy)
    /// is a group of its own.
    /// </remarks>
    public static List<PrintedNumber> Extract(string text)
    {
        var numbers = new List<PrintedNumber>();
        var open = new Stack<int?>();  // for each open bracket: the group it starts, or null for a row inside a group
        var nextGroup = 0;
        foreach (Match m in Tokens().Matches(text))
        {
            if (m.Groups["array"].Success || m.Groups["open"].Success)
            {
                var startsGroup = m.Groups["array"].Success || open.Count == 0;
                open.Push(startsGroup ? nextGroup++ : null);
            }
            else if (m.Groups["close"].Success)
            {
                if (open.Count > 0) open.Pop();
            }
            else
            {
                var group = open.FirstOrDefault(g => g is not null) ?? nextGroup++;
                numbers.Add(new PrintedNumber(m.Value, group));
            }
        }
        return numbers;
    }
}
