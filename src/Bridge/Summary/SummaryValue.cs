namespace Bridge.Summary;

/// <summary>
/// One decoded <c>Summary.Value</c>: its tag and whichever of the kinds Bridge writes it holds
/// (a scalar's <c>simple_value</c> or a histogram). Other kinds (image, audio, tensor) decode with
/// both left null and <see cref="Kind"/> naming the field.
/// </summary>
internal sealed record SummaryValue(string Tag, float? SimpleValue, HistogramData? Histogram, string Kind);
