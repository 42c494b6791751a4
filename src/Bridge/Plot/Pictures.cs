using SkiaSharp;

namespace Bridge;

/// <summary>
/// The pictures the labs showed with matplotlib, written as PNG files: a digit as <c>plt.imshow(img, cmap="Greys")</c>
/// draws it, and a chart of the cost per epoch. (ScottPlot over SkiaSharp; SkiaSharp's native library sits beside
/// libtorch's without clashing.)
/// </summary>
public static class Pictures
{
    /// <summary>Writes a 2-D array (e.g. a 28x28 MNIST image in [0, 1]) as a grey-scale PNG, 0 white and 1 black, each pixel <paramref name="scale"/> times larger.</summary>
    public static void Digit(NDArray image, string path, int scale = 10)
    {
        if (image.ndim != 2)
            throw new ValueError($"Pictures.Digit: the image must be 2-D (e.g. 28x28), got shape {image.shape}. - help: reshape it: images[r].reshape(28, 28).");
        int rows = (int)image.Dims[0], cols = (int)image.Dims[1];
        double min = 0, max = 1;
        for (long i = 0; i < image.size; i++) { min = Math.Min(min, image.GetDouble(i)); max = Math.Max(max, image.GetDouble(i)); }
        using var bitmap = new SKBitmap(cols * scale, rows * scale, SKColorType.Gray8, SKAlphaType.Opaque);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                // matplotlib's "Greys": low values white, high values black, scaled to the data's range.
                double v = (image.GetDouble((long)r * cols + c) - min) / (max - min);
                byte grey = (byte)Math.Round(255 * (1 - Math.Clamp(v, 0, 1)));
                for (int y = 0; y < scale; y++)
                    for (int x = 0; x < scale; x++)
                        bitmap.SetPixel(c * scale + x, r * scale + y, new SKColor(grey, grey, grey));
            }
        Write(path, bitmap.Encode(SKEncodedImageFormat.Png, 100));
    }

    /// <summary>Writes a line chart of the average cost of each epoch (epochs numbered from 1).</summary>
    public static void CostPerEpoch(IReadOnlyList<double> costs, string path, string title = "Cost per epoch")
    {
        if (costs.Count == 0) throw new ValueError("Pictures.CostPerEpoch: no costs to plot.");
        Line(Enumerable.Range(1, costs.Count).Select(e => (double)e).ToArray(), costs, path, title, "Epoch", "Cost");
    }

    /// <summary>
    /// Writes a line chart of <paramref name="ys"/> against <paramref name="xs"/>: what <c>plt.plot(xs, ys)</c> then
    /// <c>plt.show()</c> showed (lab 03-1's cost against W), as a PNG file.
    /// </summary>
    public static void Line(IReadOnlyList<double> xs, IReadOnlyList<double> ys, string path, string title = "", string xlabel = "", string ylabel = "")
    {
        if (xs.Count != ys.Count)
            throw new ValueError($"Pictures.Line: {xs.Count} x values but {ys.Count} y values; matplotlib's plot needs as many of each. - help: pass lists of the same length.");
        if (xs.Count == 0) throw new ValueError("Pictures.Line: no points to plot. - help: pass at least one (x, y) pair.");
        var plot = new ScottPlot.Plot();
        plot.Add.Scatter(xs.ToArray(), ys.ToArray());
        plot.Title(title);
        plot.XLabel(xlabel);
        plot.YLabel(ylabel);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, "." + Path.GetFileName(path) + ".tmp");
        plot.SavePng(temp, 800, 500);
        File.Move(temp, path, overwrite: true);
    }

    private static void Write(string path, SKData png)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, "." + Path.GetFileName(path) + ".tmp");
        using (var file = File.Create(temp)) png.SaveTo(file);
        File.Move(temp, path, overwrite: true);
    }
}
