namespace Bridge;

/// <summary>numpy's print options (np.set_printoptions). Process-wide, as in numpy.</summary>
public sealed record PrintOptions
{
    /// <summary>Digits after the point for floats (numpy's default 8).</summary>
    public int Precision { get; init; } = 8;
    /// <summary>Arrays with more elements than this are summarised with "..." (default 1000).</summary>
    public int Threshold { get; init; } = 1000;
    /// <summary>Items shown at each edge when summarising (default 3).</summary>
    public int EdgeItems { get; init; } = 3;
    /// <summary>Characters per line before wrapping (default 75).</summary>
    public int LineWidth { get; init; } = 75;
    /// <summary>Never use scientific notation for small numbers (default false).</summary>
    public bool Suppress { get; init; }
    /// <summary>True for numpy 1.13's legacy format (sign padding, 8 fixed digits of float32 promoted to double).</summary>
    public bool Legacy113 { get; init; }

    private static PrintOptions _current = new();

    /// <summary>The options in force.</summary>
    public static PrintOptions Current
    {
        get => Volatile.Read(ref _current);
        internal set => Volatile.Write(ref _current, value);
    }

    /// <summary>Back to numpy's defaults (modern style).</summary>
    internal static void Reset() => Current = new PrintOptions();

    /// <summary>Makes <paramref name="options"/> current until the returned scope is disposed (then the previous options return).</summary>
    internal static IDisposable Use(PrintOptions options)
    {
        var previous = Current;
        Current = options;
        return new Restore(previous);
    }

    private sealed class Restore(PrintOptions previous) : IDisposable
    {
        public void Dispose() => Current = previous;
    }
}
