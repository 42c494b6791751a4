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
/// <param name="DataFile">
/// The course's data file the script reads (e.g. <c>data-04-zoo.csv</c>), from the folder passed as its first argument:
/// the check's data folder (<c>--data DIR</c>, by default <c>../shared/data/zero-to-all</c>). Without the file there,
/// the run is listed as having no data rather than failing.
/// </param>
internal sealed record LabRun(string Name, string Script, IReadOnlyList<string> Args, bool NeedsTempFolder = false, int Ulps = 1, string? DataFile = null)
{
    /// <summary>The reference file's name, e.g. <c>lab-09-2-xor-nn.txt</c>.</summary>
    public string ReferenceFile => Name + ".txt";
}

/// <summary>The lab runs that need no download, in the order <c>bridge check</c> runs them.</summary>
internal static class LabCatalog
{
    private const string Lab071 = "lab-07-1-learning_rate_and_evaluation";

    /// <summary>
    /// All runs: lab 01's notebook, labs 02 to 06 (each as the course's file is today, and, where the file's record was printed by an
    /// earlier version of it, that version from <c>scripts/versions/</c>), lab 07-1 at the three recorded learning
    /// rates, 07-2, 07-3 and the lab-09 family.
    /// </summary>
    /// <remarks>
    /// Today's files of 02-1, 03-2, 04-1 and 04-2 have no reference: their records came from the earlier versions,
    /// which fetched after the update what today's fetch before it. The records of 02-2, 03-3, 03-X and 06-1 were made
    /// in 2019 by a later TF (issue 16: it returns a variable fetched with its update from before the update, and its
    /// float32 arithmetic differs by a few ulps), so those runs have no reference yet either; 06-1's 2017 record is
    /// compared through the version that printed it (<c>@9f8fb94</c>).
    /// </remarks>
    public static IReadOnlyList<LabRun> All { get; } =
    [
        Plain("lab-01-basics"),
        Plain("lab-02-1-linear_regression"),
        Version("lab-02-1-linear_regression@3a22256"),
        Plain("lab-02-2-linear_regression_feed"),
        Plain("lab-02-3-linear_regression_tensorflow.org"),
        Plain("lab-03-1-minimizing_cost_show_graph") with { NeedsTempFolder = true },
        Plain("lab-03-2-minimizing_cost_gradient_update"),
        Version("lab-03-2-minimizing_cost_gradient_update@3342326"),
        Plain("lab-03-3-minimizing_cost_tf_optimizer"),
        Version("lab-03-3-minimizing_cost_tf_optimizer@e95258a"),
        Plain("lab-03-X-minimizing_cost_tf_gradient"),
        Version("lab-03-X-minimizing_cost_tf_gradient@fc9566f"),
        Plain("lab-04-1-multi_variable_linear_regression"),
        Version("lab-04-1-multi_variable_linear_regression@cb70ec8"),
        Plain("lab-04-2-multi_variable_matmul_linear_regression"),
        Version("lab-04-2-multi_variable_matmul_linear_regression@042d21d"),
        Plain("lab-04-3-file_input_linear_regression") with { DataFile = "data-01-test-score.csv" },
        Plain("lab-04-4-tf_reader_linear_regression") with { DataFile = "data-01-test-score.csv" },
        Plain("lab-05-1-logistic_regression"),
        Plain("lab-05-2-logistic_regression_diabetes") with { DataFile = "data-03-diabetes.csv" },
        Plain("lab-06-1-softmax_classifier"),
        Version("lab-06-1-softmax_classifier@9f8fb94"),
        Plain("lab-06-2-softmax_zoo_classifier") with { DataFile = "data-04-zoo.csv" },
        Version("lab-06-2-softmax_zoo_classifier@248b716") with { DataFile = "data-04-zoo.csv" },
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

    // An earlier version of a course file, named NAME@COMMIT after its commit in hunkim/DeepLearningZeroToAll.
    private static LabRun Version(string name) => new(name, Path.Combine("versions", name + ".csx"), []);
}
