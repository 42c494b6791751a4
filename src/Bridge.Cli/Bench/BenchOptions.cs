using System.Globalization;

namespace Bridge.Cli.Bench;

/// <summary>
/// The command line of one benchmark: its options declared once, parsed the same way by every benchmark. <c>--help</c>
/// (or <c>-h</c>) prints the usage on stdout and exits 0; an unknown option, a missing or malformed value, or a value
/// out of range is an error on stderr that names the option and the value, with the usage, and exits 2. Options left
/// out of the usage (the workers' <c>--worker</c>, development's <c>--steps</c>) parse the same way.
/// </summary>
internal sealed class BenchOptions(string name, string usage)
{
    private readonly Dictionary<string, (bool TakesValue, Func<string, string?> Set)> _options = new();
    private Action<string>? _positional;
    private string _positionalName = "";

    /// <summary>The usage line, as <c>--help</c> prints it: <c>bench NAME [ARGS]</c>.</summary>
    public string Usage => usage;

    /// <summary>A whole-number option of at least <paramref name="min"/>.</summary>
    public BenchOptions Int(string option, Action<int> set, int min = 1) => Value(option, text =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min
            ? Apply(() => set(v))
            : $"takes a whole number of at least {min}");

    /// <summary>A whole-number option of at least <paramref name="min"/>, up to int64's range.</summary>
    public BenchOptions Long(string option, Action<long> set, long min = 1) => Value(option, text =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min
            ? Apply(() => set(v))
            : $"takes a whole number of at least {min}");

    /// <summary>A positive number option (a size in MB).</summary>
    public BenchOptions Positive(string option, Action<double> set) => Value(option, text =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && double.IsFinite(v)
            ? Apply(() => set(v))
            : "takes a positive number");

    /// <summary>An option whose value is one of <paramref name="allowed"/> (any text when none are given).</summary>
    public BenchOptions Text(string option, Action<string> set, params string[] allowed) => Value(option, text =>
        allowed.Length == 0 || allowed.Contains(text)
            ? Apply(() => set(text))
            : $"takes {string.Join(" or ", allowed)}");

    /// <summary>An option without a value.</summary>
    public BenchOptions Flag(string option, Action set)
    {
        _options[option] = (false, _ => Apply(set));
        return this;
    }

    /// <summary>The one argument that is not an option (a data folder, a script); without this, any is an error.</summary>
    public BenchOptions Positional(string what, Action<string> set)
    {
        _positionalName = what;
        _positional = set;
        return this;
    }

    /// <summary>
    /// Parses <paramref name="args"/>, setting what they name. Returns null to go on, or the exit code to return now:
    /// 0 after printing the usage (<c>--help</c>), 2 after an error on <paramref name="error"/> (Console.Error by default).
    /// </summary>
    public int? Parse(string[] args, TextWriter stdout, TextWriter? error = null)
    {
        error ??= Console.Error;
        bool positionalSeen = false;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg is "--help" or "-h")
            {
                stdout.WriteLine("Usage: bridge " + usage);
                return 0;
            }
            string? problem;
            if (_options.TryGetValue(arg, out var option))
            {
                if (option.TakesValue && i + 1 >= args.Length) problem = $"{arg} needs a value";
                else problem = option.Set(option.TakesValue ? args[++i] : "") is { } p ? $"{arg} {p}, not '{args[i]}'" : null;
            }
            else if (arg.StartsWith('-') || _positional is null || positionalSeen)
                problem = arg.StartsWith('-') ? $"unknown option '{arg}'"
                    : _positional is null ? $"takes no argument like '{arg}'"
                    : $"takes one {_positionalName}, and '{arg}' is a second";
            else
            {
                _positional(arg);
                positionalSeen = true;
                problem = null;
            }
            if (problem is not null)
            {
                error.WriteLine($"error: bench {name}: {problem}.\n- help: {usage}");
                return 2;
            }
        }
        return null;
    }

    private BenchOptions Value(string option, Func<string, string?> set)
    {
        _options[option] = (true, set);
        return this;
    }

    private static string? Apply(Action set)
    {
        set();
        return null;
    }
}
