using Bridge.Runtime;
using static Bridge.Binding;

namespace Bridge.Tests.Runtime;

/// <summary>The executor's interrupt check (what Ctrl-C from Python uses): between ops, throttled, never after a write.</summary>
public class RunInterruptTests : GraphFixture
{
    private Variable _w = null!, _n = null!;
    private Tensor _cost = null!, _count = null!;
    private Operation _train = null!;

    [SetUp]
    public void BuildTrainingStep()
    {
        // A chain of computed ops, then three writes: the optimizer's update of W and a step counter.
        var x = tf.constant(new[,] { { 1.0, 0.5 }, { 0.25, 1.0 } });
        Tensor h = x;
        for (int i = 0; i < 4; i++) h = tf.matmul(h, x) * 0.5;
        _w = tf.Variable(tf.constant(new[] { 1.0 }), name: "W");
        _n = tf.Variable(tf.constant(new[] { 0.0 }), name: "n");
        _cost = tf.square(tf.subtract(_w.AsTensor(), tf.reduce_sum(h)));
        _train = tf.train.GradientDescentOptimizer(0.1f).minimize(_cost);
        _count = tf.assign_add(_n, 1.0);
    }

    private object[] Fetches => [_cost, _train, _count];

    /// <summary>The number of ops the plan of <see cref="Fetches"/> computes before its first write.</summary>
    private int OpsBeforeFirstWrite()
    {
        var plan = RunPlan.Order([_cost, _count], [_train], new Dictionary<Tensor, NDArray>());
        int first = Array.FindIndex(plan, op => op.Def.WrittenVariables > 0);
        Assert.That(first, Is.GreaterThan(5), "the test graph computes a chain before it writes");
        Assert.That(plan.Skip(first).Count(op => op.Def.WrittenVariables > 0), Is.EqualTo(2), "two writes");
        return first;
    }

    private static T WithInterrupt<T>(RunInterrupt hook, Func<T> body)
    {
        var previous = RunInterrupt.Current;
        RunInterrupt.Current = hook;
        try { return body(); }
        finally { RunInterrupt.Current = previous; }
    }

    [Test]
    public void ACheckThatNeverStopsIsConsultedBeforeEveryComputedOpAndNeverFromTheFirstWriteOn()
    {
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        int calls = 0;
        var r = WithInterrupt(new RunInterrupt(() => { calls++; return false; }, TimeSpan.Zero), () => sess.run(Fetches));
        Assert.That(calls, Is.EqualTo(OpsBeforeFirstWrite()));
        Assert.That(sess.run(_n).ToArray<float>(), Is.EqualTo(new[] { 1f }), "the run completed and wrote");
        Assert.That(r[0], Is.Not.Null);
    }

    [Test]
    public void AStoppedRunThrowsCancelledErrorAndWritesNoVariable([Values(1, 3, -1)] int stopAt)
    {
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        int last = OpsBeforeFirstWrite();
        int n = stopAt > 0 ? stopAt : last; // -1: the last check, just before the first write
        int calls = 0;
        var e = Assert.Throws<CancelledError>(() =>
            WithInterrupt(new RunInterrupt(() => ++calls == n, TimeSpan.Zero), () => sess.run(Fetches)));
        Assert.That(calls, Is.EqualTo(n));
        Assert.That(e!.Message, Does.StartWith("Session.run was interrupted before ").And.Contain("no variable was written"));
        Assert.That(sess.run(_w).ToArray<float>(), Is.EqualTo(new[] { 1f }), "W unchanged");
        Assert.That(sess.run(_n).ToArray<float>(), Is.EqualTo(new[] { 0f }), "the counter unchanged");
        // The session goes on: the same run, uninterrupted, applies both writes.
        sess.run(Fetches);
        Assert.That(sess.run(_n).ToArray<float>(), Is.EqualTo(new[] { 1f }));
        Assert.That(sess.run(_w).ToArray<float>()[0], Is.Not.EqualTo(1f));
    }

    [Test]
    public void TheCheckIsThrottledByTime()
    {
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        int calls = 0;
        WithInterrupt(new RunInterrupt(() => { calls++; return true; }, TimeSpan.FromHours(1)), () => sess.run(Fetches));
        Assert.That(calls, Is.Zero, "a run shorter than the interval never calls the check");
        Assert.That(sess.run(_n).ToArray<float>(), Is.EqualTo(new[] { 1f }));
    }

    [Test]
    public void ACheckInstalledOnAnotherThreadDoesNotApplyHere()
    {
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        var t = new Thread(() => RunInterrupt.Current = new RunInterrupt(() => true, TimeSpan.Zero));
        t.Start();
        t.Join();
        Assert.That(RunInterrupt.Current, Is.Null);
        sess.run(Fetches);
        Assert.That(sess.run(_n).ToArray<float>(), Is.EqualTo(new[] { 1f }));
    }

    [Test]
    public void ARunStartedFromTheCheckOfARunningSessionIsRefusedAndTheOuterRunStaysIntact()
    {
        // A Python signal handler that calls sess.run during a run: the nested run would share the running one's
        // buffers and variables, so it is refused with a clear error (which stops the outer run, as any exception
        // of a handler does), and the session works afterwards.
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        var w0 = sess.run(_w).ToArray<float>();
        var nested = new List<Exception>();
        var hook = new RunInterrupt(() =>
        {
            try { sess.run(_cost); }
            catch (RuntimeError e) { nested.Add(e); throw; }
            return false;
        }, TimeSpan.Zero);
        var outer = Assert.Throws<RuntimeError>(() => WithInterrupt(hook, () => sess.run(Fetches)));
        Assert.That(outer!.Message, Does.Contain("already running"));
        Assert.That(nested, Has.Count.EqualTo(1));
        Assert.That(sess.run(_w).ToArray<float>(), Is.EqualTo(w0), "the outer run wrote nothing");
        Assert.That(sess.run(_n).ToArray<float>(), Is.EqualTo(new[] { 0f }));
        sess.run(Fetches);
        Assert.That(sess.run(_n).ToArray<float>(), Is.EqualTo(new[] { 1f }), "the session runs again");
    }

    [Test]
    public void TheCheckRunsWithTheCallersFloatingPointEnvironmentAndTheRunKeepsFlushing()
    {
        // Python's handlers are foreign code: no flush-to-zero while they run; the run's own ops still flush.
        using var sess = tf.Session();
        var tiny = tf.multiply(tf.constant(new[] { 1e-20f }), tf.constant(new[] { 1e-20f }));
        var chained = tiny;
        for (int i = 0; i < 4; i++) chained = chained * 1.0;
        float probe = 1.1754944e-38f; // FLT_MIN: half of it is a denormal
        var seenInCheck = new List<float>();
        var hook = new RunInterrupt(() => { seenInCheck.Add(Volatile.Read(ref probe) * 0.5f); return false; }, TimeSpan.Zero);
        var r = WithInterrupt(hook, () => sess.run(chained));
        Assert.That(seenInCheck, Is.Not.Empty);
        Assert.That(seenInCheck, Has.All.GreaterThan(0f), "denormals survive inside the check");
        Assert.That(r.ToArray<float>()[0], Is.EqualTo(0f), "the run's product of 1e-20 and 1e-20 still flushes to 0");
    }
}
