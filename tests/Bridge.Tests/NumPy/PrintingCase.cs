using System.Globalization;

namespace Bridge.Tests.NumPy;

/// <summary>One array and what numpy 1.24 printed for it (legacy columns are null where 1.24 is not faithful to 1.13).</summary>
public sealed record Case(string Name, string Dtype, string Shape, string Values,
    string ModernStr, string ModernRepr, string? LegacyStr, string? LegacyRepr)
{
    public override string ToString() => $"{Name}[{Dtype}]({Shape})";

    public NDArray Build() => Make(Dtype, Dims(Shape), ParseValues(Values));

    private static long[] Dims(string shape) =>
        shape.Length == 0 ? [] : Array.ConvertAll(shape.Split(','), s => long.Parse(s, CultureInfo.InvariantCulture));

    // Space-separated numbers; "v*n" repeats v n times (hidden parts of summarised arrays).
    private static double[] ParseValues(string text)
    {
        var result = new List<double>();
        foreach (var token in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int star = token.IndexOf('*');
            double v = ParseDouble(star < 0 ? token : token[..star]);
            int n = star < 0 ? 1 : int.Parse(token[(star + 1)..], CultureInfo.InvariantCulture);
            for (int i = 0; i < n; i++) result.Add(v);
        }
        return result.ToArray();
    }

    internal static double ParseDouble(string s) => s switch
    {
        "nan" => double.NaN,
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.Parse(s, CultureInfo.InvariantCulture),
    };

    /// <summary>An NDArray of the numpy dtype name from values given as doubles (exact for every dtype used here).</summary>
    internal static NDArray Make(string dtype, long[] dims, double[] v) => dtype switch
    {
        "float32" => new NDArray(Array.ConvertAll(v, x => (float)x), dims),
        "float64" => new NDArray(v, dims),
        "int32" => new NDArray(Array.ConvertAll(v, x => (int)x), dims),
        "int64" => new NDArray(Array.ConvertAll(v, x => (long)x), dims),
        "bool" => new NDArray(Array.ConvertAll(v, x => x != 0), dims),
        _ => throw new ArgumentException("dtype " + dtype),
    };
}
