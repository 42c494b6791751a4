namespace Bridge.Cli.Check;

/// <summary>One run of a lab script that <c>bridge check</c> makes.</summary>
/// <param name="Name">
/// The run's name, which is also its reference file's name without <c>.txt</c>: the script's file name without
/// <c>.csx</c>, plus <c>-lr&lt;rate&gt;</c> for the learning-rate runs of lab 07-1.
/// </param>
/// <param name="Script">The script's file name under <c>scripts/</c>.</param>
/// <param name="Args">The script's arguments.</param>
/// <param name="NeedsTempFolder">True when the first argument must be a fresh temporary folder (lab 09-4's TensorBoard logs).</param>
/// <param name="Ulps">The float32 part of the tolerance in ulps: 1, except for a record made by another TF build (see below).</param>
internal sealed record LabRun(string Name, string Script, IReadOnlyList<string> Args, bool NeedsTempFolder = false, int Ulps = 1)
{
    /// <summary>The reference file's name, e.g. <c>lab-09-2-xor-nn.txt</c>.</summary>
    public string ReferenceFile => Name + ".txt";
}

/// <summary>The lab runs that need no download, in the order <c>bridge check</c> runs them.</summary>
internal static class LabCatalog
{
    private const string Lab071 = "lab-07-1-learning_rate_and_evaluation";

    /// <summary>All runs: lab 07-1 at the three recorded learning rates, 07-2, 07-3 and the lab-09 family.</summary>
    public static IReadOnlyList<LabRun> All { get; } =
    [
        new($"{Lab071}-lr0.1", $"{Lab071}.csx", []),
        new($"{Lab071}-lr1.5", $"{Lab071}.csx", ["1.5"]),
        new($"{Lab071}-lr1e-10", $"{Lab071}.csx", ["1e-10"]),
        Plain("lab-07-2-linear_regression_without_min_max"),
        // Lab 07-3's recorded output is from 2019, made by a TF build whose float32 matrix product rounds differently
        // from TF 1.0's: its step-0 predictions, which depend only on the initial weights and the data, differ from TF
        // 1.0's arithmetic by one ulp in three of eight values, and no order of adding the four products (with or
        // without fused multiply-add) reproduces all eight. The 2017 record of the same lab (step 100) matches within the
        // one-ulp rule (Lab07ParityTests). So this record is compared within 2 float32 ulps: rounding, not a semantic difference.
        Plain("lab-07-3-linear_regression_min_max") with { Ulps = 2 },
        Plain("lab-09-1-xor"),
        Plain("lab-09-2-xor-nn"),
        Plain("lab-09-3-xor-nn-wide-deep"),
        Plain("lab-09-x-xor-nn-back_prop"),
        new("lab-09-4-xor_tensorboard", "lab-09-4-xor_tensorboard.csx", [], NeedsTempFolder: true),
    ];

    /// <summary>The runs whose name starts with one of <paramref name="prefixes"/> (all runs when there are none).</summary>
    public static IReadOnlyList<LabRun> Select(IReadOnlyCollection<string> prefixes) =>
        prefixes.Count == 0 ? All : All.Where(r => prefixes.Any(p => r.Name.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList();

    private static LabRun Plain(string name) => new(name, name + ".csx", []);
}
