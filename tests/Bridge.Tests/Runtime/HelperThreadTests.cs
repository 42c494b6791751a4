using Bridge.Kernels;

namespace Bridge.Tests.Runtime;

/// <summary>
/// The helper thread's work sharing: every part's result ends up in the output whoever computed it, a failing part
/// fails the caller, and work done ahead is the work done in turn.
/// </summary>
public class HelperThreadTests
{
    /// <summary>Part i writes i + 1 into slots 4i .. 4i + 3 (the helper into its own buffer, copied over when taken).</summary>
    private sealed class Fill(int count, int failing = -1) : HelperThread.Parts
    {
        public readonly int[] Output = new int[4 * count];
        private readonly int[] _helpers = new int[4 * count];

        protected override int Count => count;

        protected override void RunPart(int index, bool onHelper)
        {
            if (index == failing) throw new InvalidOperationException($"part {index} failed");
            Thread.SpinWait(2000); // long enough for the helper to take some
            var target = onHelper ? _helpers : Output;
            for (int s = 4 * index; s < 4 * index + 4; s++) target[s] = index + 1;
        }

        protected override void TakeHelperPart(int index) =>
            _helpers.AsSpan(4 * index, 4).CopyTo(Output.AsSpan(4 * index));
    }

    [Test]
    public void EveryPartEndsUpInTheOutput()
    {
        for (int run = 0; run < 200; run++)
        {
            var work = new Fill(8);
            work.RunAll();
            Assert.That(work.Output, Is.EqualTo(Enumerable.Range(0, 32).Select(s => s / 4 + 1).ToArray()), $"run {run}");
        }
    }

    [Test]
    public void AFailingPartFailsTheCaller()
    {
        // Whoever ran it first, the caller computes a failed part itself and sees the exception.
        for (int run = 0; run < 20; run++)
            Assert.Throws<InvalidOperationException>(() => new Fill(8, failing: run % 8).RunAll());
    }

    private sealed class Squares(int n) : HelperThread.Ahead<int[]>
    {
        protected override int Steps => n;
        protected override int[] Begin() => new int[n];
        protected override void Step(int[] result, int index) => result[index] = index * index;
    }

    [Test]
    public void WorkAheadIsTheWorkDoneInTurn()
    {
        var expected = Enumerable.Range(0, 50).Select(i => i * i).ToArray();
        for (int run = 0; run < 50; run++)
        {
            var ahead = new Squares(50);
            HelperThread.Post(ahead);
            if (run % 2 == 0) Thread.SpinWait(run * 100);
            Assert.That(ahead.Take(patienceMicroseconds: run % 3 * 50), Is.EqualTo(expected));
        }
        var dropped = new Squares(50);
        dropped.Cancel();
        HelperThread.Post(dropped); // the helper does not start a cancelled one
        Assert.That(dropped.Take(0), Is.EqualTo(expected), "a cancelled one is computed by the caller when asked");
    }
}
