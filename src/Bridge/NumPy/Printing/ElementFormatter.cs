namespace Bridge;

/// <summary>Formats one element of an array (by flat index) so that all elements line up, as numpy's format functions.</summary>
internal interface IElementFormatter
{
    string Format(long index);
}

/// <summary>Picks the formatter for an array's dtype and style; the widths come from the shown elements only.</summary>
internal static class ElementFormatters
{
    public static IElementFormatter For(NDArray a, long[] shown, PrintOptions o) => a.dtype switch
    {
        TF_DataType.TF_FLOAT or TF_DataType.TF_DOUBLE when o.Legacy113 => new LegacyFloatFormatter(a, shown, o),
        TF_DataType.TF_FLOAT or TF_DataType.TF_DOUBLE => new FloatFormatter(a, shown, o),
        TF_DataType.TF_BOOL => new BoolFormatter(a),
        _ => new IntegerFormatter(a, shown),
    };
}
