namespace Bridge;

/// <summary>numpy-exact text of arrays and scalars (str and repr), in modern (numpy &gt;= 1.14) or legacy 1.13 style.</summary>
internal static class NumPyPrinter
{
    // STUB: replaced by the real printer.
    public static string Str(NDArray a) => "<ndarray>";
    public static string Repr(NDArray a) => "array(<ndarray>)";
}
