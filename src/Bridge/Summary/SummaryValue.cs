namespace Bridge.Summary;

/// <summary>
/// One decoded <c>Summary.Value</c>: its tag and whichever of the kinds Bridge writes it holds
/// (a scalar's <c>simple_value</c>, a histogram or an image). Other kinds (audio, tensor) decode with
/// all left null and <see cref="Kind"/> naming the field.
/// </summary>
internal sealed record SummaryValue(string Tag, float? SimpleValue, HistogramData? Histogram, string Kind, ImageData? Image = null);

/// <summary>A decoded <c>Summary.Image</c>: height, width, colorspace (channels) and the encoded PNG.</summary>
internal sealed record ImageData(int Height, int Width, int Colorspace, byte[] EncodedImage);
