using System.Globalization;

namespace Bridge.Kernels;

/// <summary>
/// Which TF 1.x build's float32 arithmetic to reproduce where builds differ (issue 16, internal for now). The default
/// (<see cref="Current"/> null) is TF 1.0's, as the kernels have always computed it. A profile describes:
/// <list type="bullet">
/// <item>the blocked matrix product (Eigen's gebp, TfMatMul.EigenGebp): its depth block kc (Eigen's
/// computeProductBlockingSizes splits k into kc-sized partial sums added into the result; 0: no split), the packet width
/// of its "remaining rows" kernel (4: SSE, four partial sums; 8: AVX, eight, then halves added), and whether madd is
/// fused (FMA builds);</item>
/// <item>random_normal's Box-Muller radius in float (TF r1.3+, Eigen::numext) rather than double (TF 1.0 with GCC 4.8);</item>
/// <item>the packet width of TF's inner reductions (reduce_sum/reduce_mean of a contiguous run: 4 lanes SSE, 8 AVX),
/// and (an experiment, mean=mul) a mean as the sum times the float reciprocal of the count rather than divided by it.</item>
/// </list>
/// Selected once per process by BRIDGE_TF_PROFILE=NAME (see <see cref="Named"/>), or for experiments by
/// BRIDGE_GEMM_ORDER=kc=400,rem=8,fma=0,radius=float,reduce=8 (any subset; unset keys as TF 1.0).
/// </summary>
internal sealed record TfProfile(string Name, int DepthBlock, int RemainingPacket, bool Fma, bool FloatRadius, int ReducePacket, bool MeanByReciprocal = false)
{
    /// <summary>
    /// The base BRIDGE_GEMM_ORDER's keys modify: TF 1.0's SSE build without a depth split (for products up to
    /// <see cref="TfMatMul.MaxWork"/> exactly the default kernels' order; larger ones get the remaining-rows kernel too,
    /// which the default leaves in order). Eigen's own blocking for lab 07-4 would be kc = 400 (docs/issue-16-profiles.md).
    /// </summary>
    public static readonly TfProfile Tf10 = new("tf1.0", 0, 4, false, false, 4);

    /// <summary>
    /// The named profiles BRIDGE_TF_PROFILE selects: a profile is named once it reproduces a record exactly. None does
    /// yet (lab 07-4's lecture-notes and 2019 runs: docs/issue-16-profiles.md has the hypotheses and their digits).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, TfProfile> Named = new Dictionary<string, TfProfile>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The process's profile, or null for the default (TF 1.0's arithmetic as always computed). Read on first use; a bad
    /// value throws its own ArgumentException there (a Lazy rethrows it as is, where a static initializer would wrap it).
    /// </summary>
    public static TfProfile? Current => FromVariables.Value;

    private static readonly Lazy<TfProfile?> FromVariables = new(() => FromEnvironment(
        Environment.GetEnvironmentVariable("BRIDGE_TF_PROFILE"), Environment.GetEnvironmentVariable("BRIDGE_GEMM_ORDER")));

    /// <summary>The profile a BRIDGE_TF_PROFILE name or a BRIDGE_GEMM_ORDER string selects (the name wins).</summary>
    internal static TfProfile? FromEnvironment(string? name, string? order)
    {
        if (!string.IsNullOrWhiteSpace(name))
            return Named.TryGetValue(name.Trim(), out var p) ? p
                : throw new ArgumentException($"BRIDGE_TF_PROFILE={name}: unknown profile; known: {(Named.Count == 0 ? "none yet" : string.Join(", ", Named.Keys))} (unset it for TF 1.0's arithmetic)");
        return string.IsNullOrWhiteSpace(order) ? null : Parse(order);
    }

    /// <summary>Parses "kc=400,rem=8,fma=1,radius=float,reduce=8"; unset keys keep TF 1.0's value.</summary>
    internal static TfProfile Parse(string order)
    {
        var p = Tf10 with { Name = order };
        foreach (var part in order.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2, StringSplitOptions.TrimEntries);
            string key = kv[0], value = kv.Length > 1 ? kv[1] : "";
            p = key switch
            {
                "kc" => p with { DepthBlock = Int(part, value, 0) },
                "rem" => p with { RemainingPacket = Int(part, value, 1) is var r && r is 1 or 4 or 8 ? r : throw Bad(part, "1, 4 or 8") },
                "fma" => p with { Fma = value is "1" or "true" },
                "radius" => p with { FloatRadius = value == "float" ? true : value == "double" ? false : throw Bad(part, "float or double") },
                "mean" => p with { MeanByReciprocal = value == "mul" ? true : value == "div" ? false : throw Bad(part, "mul or div") },
                "reduce" => p with { ReducePacket = Int(part, value, 4) is var r && r is 4 or 8 ? r : throw Bad(part, "4 or 8") },
                _ => throw Bad(part, "one of kc, rem, fma, radius, reduce, mean"),
            };
        }
        return p;
    }

    private static int Int(string part, string value, int min) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min ? v : throw Bad(part, $"an integer >= {min}");

    private static ArgumentException Bad(string part, string expected) =>
        new($"BRIDGE_GEMM_ORDER: '{part}' is not valid: expected {expected} (e.g. kc=400,rem=8,fma=0,radius=float,reduce=8)");
}
