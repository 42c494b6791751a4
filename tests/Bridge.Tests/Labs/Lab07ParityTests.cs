using System.Text.Json;
using Bridge.Cli.Check;
using static Bridge.Binding;

namespace Bridge.Tests.Labs;

/// <summary>
/// Labs 07-1 (three learning rates), 07-2 and 07-3 run as scripts print every number of the original labs' recorded
/// output (tests/data/originals, from labs.md) within the check's tolerance; the initial weights are TF 1.x's.
/// </summary>
public class Lab07ParityTests : GraphFixture
{
    private const string Lab071 = "lab-07-1-learning_rate_and_evaluation";

    // Counts: steps x (cost + 9 weights), then Prediction (3) and Accuracy (1).
    [TestCase("lr0.1", new string[0], 5 * 10 + 4, TestName = "Lab07_1_LearningRate0_1_ReproducesSteps0_1_2_199_200")]
    [TestCase("lr1.5", new[] { "1.5" }, 7 * 10 + 4, TestName = "Lab07_1_LearningRate1_5_ReproducesTheInfAndNanSteps")]
    [TestCase("lr1e-10", new[] { "1e-10" }, 6 * 10 + 4, TestName = "Lab07_1_LearningRate1e_10_KeepsTheInitialWeights")]
    public async Task Lab07_1(string variant, string[] args, int count)
    {
        var ours = await LabOriginals.RunScriptAsync(Lab071 + ".csx", args);
        LabOriginals.AssertReproduces(ours, LabOriginals.Read($"{Lab071}-{variant}"), count);
    }

    [Test]
    public async Task Lab07_1_LearningRate1_5_PrintsInfAtStep5AndNanAfter()
    {
        // The comparison already covers these; spelled out because they need flush-to-zero (labs.md finding 2).
        var ours = OutputSegments.Parse(await LabOriginals.RunScriptAsync(Lab071 + ".csx", "1.5"));
        var step5 = NumberExtractor.Extract(ours.Find("step 5")!.Text);
        var step6 = NumberExtractor.Extract(ours.Find("step 6")!.Text);
        Assert.Multiple(() =>
        {
            Assert.That(step5[0].Text, Is.EqualTo("inf"));
            Assert.That(step5.Skip(1).Select(n => n.Text), Is.EqualTo(Enumerable.Repeat("nan", 9)));
            Assert.That(step6.Select(n => n.Text), Is.EqualTo(Enumerable.Repeat("nan", 10)));
        });
    }

    [Test]
    public async Task Lab07_1_AgreesWithGoldenJson_AtEveryRecordedStep()
    {
        // A second source: golden/lab07.json's printed values (same figures as labs.md, as JSON numbers).
        using var doc = SharedData.GoldenJson("lab07.json");
        var runs = doc.RootElement.GetProperty("labs").GetProperty("lab-07-1").GetProperty("runs");
        foreach (var (lr, args) in new[] { ("0.1", Array.Empty<string>()), ("1.5", ["1.5"]), ("1e-10", ["1e-10"]) })
        {
            var run = runs.GetProperty("lr=" + lr);
            var original = GoldenText.Steps(run.GetProperty("printed"), stride: 1) + GoldenText.Trailer(run);
            var ours = await LabOriginals.RunScriptAsync(Lab071 + ".csx", args);
            var r = OutputComparer.Compare(ours, original);
            Assert.That(r.Mismatches, Is.Empty, $"lr={lr}:\n" + string.Join("\n", r.Mismatches));
            Assert.That(r.Compared, Is.GreaterThanOrEqualTo(54), $"lr={lr}");
        }
    }

    [Test]
    public async Task Lab07_2_ReproducesTheDivergenceToInfAndNan()
    {
        var ours = await LabOriginals.RunScriptAsync("lab-07-2-linear_regression_without_min_max.csx");
        // 7 steps x (cost + 8 predictions)
        LabOriginals.AssertReproduces(ours, LabOriginals.Read("lab-07-2-linear_regression_without_min_max"), 7 * 9);
    }

    [Test]
    public async Task Lab07_3_ReproducesTheScaledDataAndSteps0_1_99_100()
    {
        var ours = await LabOriginals.RunScriptAsync("lab-07-3-linear_regression_min_max.csx");
        // the 8x5 scaled xy, then 4 steps x (cost + 8 predictions); the 2019 record allows 2 float32 ulps (LabCatalog says why)
        var ulps = LabCatalog.All.Single(r => r.Name == "lab-07-3-linear_regression_min_max").Ulps;
        Assert.That(ulps, Is.EqualTo(2));
        LabOriginals.AssertReproduces(ours, LabOriginals.Read("lab-07-3-linear_regression_min_max"), 40 + 4 * 9, ulps);
    }

    [Test]
    public async Task Lab07_3_Step100_ReproducesThe2017Recording()
    {
        // The 2017 comment recorded only step 100, in numpy 1.13's format, with a 6-digit cost.
        var ours = await LabOriginals.RunScriptAsync("lab-07-3-linear_regression_min_max.csx");
        const string original2017 = "100 Cost:  0.152254\nPrediction:\n [[ 1.63450289]\n [ 0.06628087]\n [ 0.35014752]\n [ 0.67070574]\n [ 0.61131608]\n [ 0.61466062]\n [ 0.23175186]\n [-0.13716528]]\n";
        LabOriginals.AssertReproduces(ours, original2017, 9);
    }

    /// <summary>The graph order of lab 07-1 (07-2/07-3: shapes [4,1] and [1]): X, Y, then W and b from random_normal.</summary>
    [TestCase("lab-07-1", 3, new[] { 3, 3 }, new[] { 3 })]
    [TestCase("lab-07-2", 4, new[] { 4, 1 }, new[] { 1 })]
    [TestCase("lab-07-3", 4, new[] { 4, 1 }, new[] { 1 })]
    public void InitialWeights_AreTfRandomNormalUnderSeed777_AtOpSeeds5And14(string lab, int features, int[] wShape, int[] bShape)
    {
        using var doc = SharedData.GoldenJson("lab07.json");
        var init = doc.RootElement.GetProperty("labs").GetProperty(lab).GetProperty("init");

        tf.set_random_seed(777);
        tf.placeholder(tf.float32, new[] { -1, features });
        tf.placeholder(tf.float32, new[] { -1, wShape[1] });
        var wInit = tf.random_normal(wShape);
        var W = tf.Variable(wInit);
        var bInit = tf.random_normal(bShape);
        var b = tf.Variable(bInit);
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());

        Assert.Multiple(() =>
        {
            Assert.That(((Bridge.RandomAttr)wInit.op.Attr!).Seed2, Is.EqualTo(init.GetProperty("W").GetProperty("seed2").GetInt32()));
            Assert.That(((Bridge.RandomAttr)bInit.op.Attr!).Seed2, Is.EqualTo(init.GetProperty("b").GetProperty("seed2").GetInt32()));
            // float32 exactly: the JSON holds the float32 values widened to double.
            Assert.That(sess.run(W).ToArray<float>(), Is.EqualTo(Flat(init.GetProperty("W").GetProperty("value"))));
            Assert.That(sess.run(b).ToArray<float>(), Is.EqualTo(Flat(init.GetProperty("b").GetProperty("value"))));
        });
    }

    private static float[] Flat(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().SelectMany(Flat).ToArray() : [(float)e.GetDouble()];
}
