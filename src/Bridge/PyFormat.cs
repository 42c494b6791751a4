namespace Bridge;

/// <summary>Python's str() and repr() of the values a lab prints: numbers, strings, arrays, shapes, lists, tuples.</summary>
internal static class PyFormat
{
    // STUB: replaced by the real formatter.
    public static string Str(object? value) => value?.ToString() ?? "None";
    public static string Repr(object? value) => value?.ToString() ?? "None";
}
