using Bridge.Cli.Check;

namespace Bridge.Tests.Check;

/// <summary>Alignment of our output with the original's: by step, by labelled line, across omitted steps.</summary>
public class OutputSegmentsTests
{
    [Test]
    public void Steps_Labels_AndTheTrailerAfterAnEllipsis()
    {
        var s = OutputSegments.Parse("[[1 2]]\n0 5.7 [[ 1.]\n [ 2.]]\n1 Cost: 3\nPrediction:\n [[ 4.]]\n ...\nPrediction: [0 0 0]\nAccuracy:  0.0\n");
        Assert.That(s.Segments.Select(x => x.Key), Is.EqualTo(new[] { "preamble", "step 0", "step 1", "step 1/Prediction:", "end/Prediction:", "end/Accuracy:" }));
        Assert.That(s.LastStep, Is.EqualTo("1"));
    }

    [Test]
    public void StepColonLinesAreSteps()
    {
        var s = OutputSegments.Parse("(101, 16)\nStep:     0\tLoss: 5.106\tAcc: 37.62%\nStep:   100\tLoss: 0.800\n");
        Assert.That(s.Segments.Select(x => x.Key), Is.EqualTo(new[] { "preamble", "step 0", "step 100" }));
        Assert.That(s.Find("step 100")!.Text.Trim(), Is.EqualTo("Loss: 0.800"));
    }

    [Test]
    public void EndKey_FindsTheLabelAfterOurLastStep()
    {
        var ours = OutputSegments.Parse("0 1\n1 2\n200 3\nPrediction: [2 2 2]\n");
        Assert.That(ours.Find("end/Prediction:")?.Text.Trim(), Is.EqualTo("[2 2 2]"));
        Assert.That(ours.Find("step 0/Prediction:"), Is.Null);
    }

    [Test]
    public void ARecordOfOnlyTheFinalLinesFindsThemAfterOurSteps()
    {
        var ours = OutputSegments.Parse("0 Cost: 9\n10 Cost: 8\nYour score will be  [[177.78145]]\n");
        Assert.That(ours.Find("Your score will be")?.Text.Trim(), Is.EqualTo("[[177.78145]]"));
        var r = OutputComparer.Compare("0 Cost: 9\n10 Cost: 8\nYour score will be  [[177.78145]]\n", "Your score will be  [[ 177.78144836]]\n");
        Assert.That((r.Compared, r.Matched), Is.EqualTo((1, 1)));
    }

    [Test]
    public void SeparatorsAfterTrainingAlignWithARecordOfOnlyThem()
    {
        // Lab 06-1's 2017 record keeps only the predictions, each after a "--------------" line.
        const string ours = "0 6.9\n2000 0.15\n--------------\n[[0.1 0.9]] [1]\n--------------\n[[0.8 0.2]] [0]\n";
        const string original = "--------------\n[[ 0.1  0.9]] [1]\n--------------\n[[ 0.8  0.2]] [0]\n";
        var r = OutputComparer.Compare(ours, original);
        Assert.That((r.Compared, r.Matched), Is.EqualTo((6, 6)));
        var wrong = OutputComparer.Compare(ours.Replace("[[0.8 0.2]] [0]", "[[0.5 0.5]] [0]"), original);  // 0.3 off: beyond the last digit
        Assert.That(wrong.Matched, Is.EqualTo(4));
    }

    [Test]
    public void OmittedStepsAreNotCompared_ButMissingOnesAre()
    {
        const string original = "0 1.5\n...\n200 2.5\nAccuracy:  1.0\n";
        var full = OutputComparer.Compare("0 1.5\n1 9\n2 9\n200 2.5\nAccuracy:  1.0\n", original);
        var cut = OutputComparer.Compare("0 1.5\n1 9\n", original);
        Assert.Multiple(() =>
        {
            Assert.That((full.Compared, full.Matched), Is.EqualTo((3, 3)));
            Assert.That((cut.Compared, cut.Matched), Is.EqualTo((3, 1)), "step 200 and its accuracy are missing");
        });
    }

    [Test]
    public void SpacingDoesNotMatter_NumbersDo()
    {
        Assert.That(OutputComparer.Compare("0 Cost:  0.15230925 \n", "0 Cost: 0.15230925\n").AllMatch, Is.True);
        Assert.That(OutputComparer.Compare("0 Cost:  0.15230925 \n", "0 Cost: 0.15230999\n").AllMatch, Is.False);
    }
}
