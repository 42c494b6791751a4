using Bridge.Tests.Cli;

namespace Bridge.Tests.Engine;

/// <summary>
/// Inputs that once reached libtorch and made it raise (issue 15): a native error that reaches std::terminate kills the
/// process, which no try/catch in a test can see. So these run in a child process (<c>bridge run</c> on a script), with
/// tensors large enough (over the placement rule's 4096 elements) that the ops are placed on libtorch. The child must
/// exit normally and print, for each case, the Bridge error the user gets (or the value).
/// </summary>
[NonParallelizable]
public class NativeErrorTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "bridge-native-errors", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteFolder()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private const string Script = """
        using Bridge;
        using static Bridge.Binding;

        void Case(string label, Func<object> body)
        {
            try { var r = body(); print(label, "value", r is NDArray a ? a.shape.ToString() : r); }
            catch (BridgeException e) { print(label, e.GetType().Name, e.Message.Contains("help:") ? "with help" : "no help"); }
        }

        // A bool product: TF 1.x has no bool MatMul kernel. Rank 3 and 8192 elements: once this reached libtorch and aborted.
        Case("bool-matmul", () =>
        {
            var b = tf.cast(tf.ones(new[] { 2, 64, 64 }), tf.@bool);
            using var s = tf.Session();
            return s.run(tf.matmul(b, b));
        });
        Case("bool-matmul-2d", () =>
        {
            var b = tf.cast(tf.ones(new[] { 128, 64 }), tf.@bool);
            using var s = tf.Session();
            return s.run(tf.matmul(b, b, transpose_b: true));
        });
        Case("int64-matmul", () =>
        {
            var l = tf.cast(tf.ones(new[] { 2, 64, 64 }), tf.int64);
            using var s = tf.Session();
            return s.run(tf.matmul(l, l));
        });
        // int32 batched products do run on libtorch, with int32's wrap.
        Case("int32-matmul", () =>
        {
            var i = tf.cast(tf.ones(new[] { 2, 64, 64 }), tf.int32);
            using var s = tf.Session();
            return s.run(tf.matmul(i, i));
        });
        // Fed shapes that disagree at run time, for ops libtorch would compute (stack, concat, add, matmul).
        var p = tf.placeholder(tf.float32, new Shape(-1, 100));
        var q = tf.placeholder(tf.float32, new Shape(-1, 100));
        FeedItem[] feeds = [new FeedItem(p, np.zeros(new Shape(50, 100), tf.float32)), new FeedItem(q, np.zeros(new Shape(60, 100), tf.float32))];
        Case("stack-fed", () => { using var s = tf.Session(); return s.run(tf.stack(new[] { p, q }), feeds); });
        Case("add-fed", () => { using var s = tf.Session(); return s.run(tf.add(p, q), feeds); });
        Case("matmul-fed", () => { using var s = tf.Session(); return s.run(tf.matmul(p, q), feeds); });
        Case("concat-fed", () => { using var s = tf.Session(); return s.run(tf.concat(new object[] { p, tf.transpose(q) }, 0), feeds); });
        Case("reshape-fed", () => { using var s = tf.Session(); return s.run(tf.reshape(p, new[] { 7, -1 }), feeds); });
        Case("transpose-negative", () => tf.transpose(p, new[] { -1, 0 }));
        print("done");
        """;

    [Test]
    public void HostileInputsOnLibtorchGiveBridgeErrorsNotACrash()
    {
        var path = Path.Combine(_dir, "hostile.csx");
        File.WriteAllText(path, Script);
        var (code, stdout, stderr) = CliProcess.Run(["run", path], _dir);
        Assert.That(code, Is.EqualTo(0), $"the child process died (exit {code}; 134 is SIGABRT from std::terminate):\n{stdout}\n{stderr}");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Is.SupersetOf(new[]
        {
            "bool-matmul TypeError with help",
            "bool-matmul-2d TypeError with help",
            "int64-matmul TypeError with help",
            "int32-matmul value (2, 64, 64)",
            "stack-fed InvalidArgumentError with help",
            "add-fed InvalidArgumentError with help",
            "matmul-fed InvalidArgumentError with help",
            "concat-fed InvalidArgumentError with help",
            "reshape-fed InvalidArgumentError with help",
            "transpose-negative ValueError with help",
            "done",
        }), stdout + stderr);
    }
}
