using static Bridge.Binding;

namespace Bridge.Tests.Labs;

/// <summary>
/// Lab 07-1 as it was before 2017-03-16 (labs.md): W = tf.zeros([3, 3]), no bias, 2001 steps, printing
/// <c>step, sess.run(cost), sess.run(W)</c> after the update every 200 steps; deterministic without any RNG.
/// Built in C# here (there is no script for it) and compared with labs.md's output and lab07.json.
/// </summary>
public class Lab07ZeroInitVariantTests : GraphFixture
{
    private static readonly int[,] XData = { { 1, 2, 1 }, { 1, 3, 2 }, { 1, 3, 4 }, { 1, 5, 5 }, { 1, 7, 5 }, { 1, 2, 5 }, { 1, 6, 6 }, { 1, 7, 7 } };
    private static readonly int[,] YData = { { 0, 0, 1 }, { 0, 0, 1 }, { 0, 0, 1 }, { 0, 1, 0 }, { 0, 1, 0 }, { 0, 1, 0 }, { 1, 0, 0 }, { 1, 0, 0 } };
    private static readonly int[,] XTest = { { 2, 1, 1 }, { 3, 1, 2 }, { 3, 3, 4 } };
    private static readonly int[,] YTest = { { 0, 0, 1 }, { 0, 0, 1 }, { 0, 0, 1 } };

    /// <summary>The 2017 lab, transliterated; returns what it prints.</summary>
    private static string RunVariant(float learningRate) => Capture(() =>
    {
        np.set_printoptions(legacy: "1.13");  // recorded in 2017 with numpy < 1.14
        var X = tf.placeholder("float", new[] { -1, 3 });
        var Y = tf.placeholder("float", new[] { -1, 3 });
        var W = tf.Variable(tf.zeros(new[] { 3, 3 }));
        var hypothesis = tf.nn.softmax(tf.matmul(X, W));
        var cost = tf.reduce_mean(-tf.reduce_sum(Y * tf.log(hypothesis), axis: 1));
        var optimizer = tf.train.GradientDescentOptimizer(learning_rate: learningRate).minimize(cost);
        var prediction = tf.arg_max(hypothesis, 1);
        var is_correct = tf.equal(prediction, tf.arg_max(Y, 1));
        var accuracy = tf.reduce_mean(tf.cast(is_correct, tf.float32));

        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        foreach (var step in range(2001))
        {
            sess.run(optimizer, (X, XData), (Y, YData));
            if (step % 200 == 0)
                print(step, sess.run(cost, (X, XData), (Y, YData)), sess.run(W));
        }
        print("Prediction:", sess.run(prediction, (X, XTest)));
        print("Accuracy: ", sess.run(accuracy, (X, XTest), (Y, YTest)));
    });

    // Counts: 4 printed steps x (cost + 9 weights), Prediction (3), Accuracy (1).
    [TestCase(0.1f, "lr0.1", 44)]
    [TestCase(10f, "lr10", 34)]
    public void PrintsTheRecordedOutput(float learningRate, string file, int count)
    {
        var ours = RunVariant(learningRate);
        LabOriginals.AssertReproduces(ours, LabOriginals.Read($"variants/lab-07-1-pre-2017-zeros-{file}"), count);
    }

    [TestCase(0.1f, "lr=0.1", 44)]
    [TestCase(10f, "lr=10.", 2 * 10 + 9 * 10 + 4)]  // "200..2000": all ten printed steps after 0 are nan
    public void AgreesWithGoldenJson(float learningRate, string run, int count)
    {
        using var doc = SharedData.GoldenJson("lab07.json");
        var variant = doc.RootElement.GetProperty("labs").GetProperty("lab-07-1").GetProperty("pre_2017_03_16_variant").GetProperty(run);
        var steps = new System.Text.Json.Nodes.JsonObject();
        foreach (var p in variant.EnumerateObject().Where(p => char.IsDigit(p.Name[0])))
            steps[p.Name] = System.Text.Json.Nodes.JsonNode.Parse(p.Value.GetRawText());
        using var printed = System.Text.Json.JsonDocument.Parse(steps.ToJsonString());
        var original = GoldenText.Steps(printed.RootElement, stride: 200) + GoldenText.Trailer(variant);
        LabOriginals.AssertReproduces(RunVariant(learningRate), original, count);
    }
}
