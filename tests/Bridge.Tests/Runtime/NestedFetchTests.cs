using System.Runtime.CompilerServices;
using static Bridge.Binding;

namespace Bridge.Tests.Runtime;

/// <summary>
/// Session.run of nested fetches (TF 1.x's lists, tuples and dictionaries of tensors), operator op names, Tensor's
/// text, and the f-string form of fetched scalars: what the lab 02 and 03 scripts rely on.
/// </summary>
public class NestedFetchTests : GraphFixture
{
    [Test]
    public void GradientsAndVariablesComeBackAsTheirPairsInOneRun()
    {
        var W = tf.Variable(5.0);
        var cost = tf.reduce_mean(tf.square(new[] { 1, 2, 3 } * W - new[] { 1, 2, 3 }));
        var optimizer = tf.train.GradientDescentOptimizer(learning_rate: 0.01f);
        var gvs = optimizer.compute_gradients(cost);
        var apply = optimizer.apply_gradients(gvs);
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        var (g, pairs, op) = sess.run((cost, gvs, apply));
        Assert.That((float)(NDArray)g!, Is.EqualTo(74.666664f));  // mean((5x - x)^2) over x = 1, 2, 3
        Assert.That(op, Is.Null);
        var list = (List<object?>)pairs!;
        Assert.That(list, Has.Count.EqualTo(1));
        var pair = (ITuple)list[0]!;
        // d/dW mean((xW - y)^2) = mean(2x(xW - y)) = 37.333336 at W = 5, and W after the run's update (TF 1.0's fetch).
        Assert.That((float)(NDArray)pair[0]!, Is.EqualTo(37.333336f));
        Assert.That((float)(NDArray)pair[1]!, Is.EqualTo(5f - 0.01f * 37.333336f).Within(1e-6f));
        Assert.That(Capture(() => print(pairs)).TrimEnd(), Is.EqualTo("[(37.333336, 4.6266665)]"));
    }

    [Test]
    public void DictionariesKeepTheirKeys()
    {
        var a = tf.constant(2.0);
        using var sess = tf.Session();
        var r = (Dictionary<object, object?>)sess.run_nested(new Dictionary<string, object> { ["a"] = a, ["both"] = new object[] { a, a * 3.0 } })!;
        Assert.That((float)(NDArray)r["a"]!, Is.EqualTo(2f));
        Assert.That(((List<object?>)r["both"]!).Select(v => (float)(NDArray)v!), Is.EqualTo(new[] { 2f, 6f }));
    }

    [Test]
    public void ANoneGradientCannotBeFetched()
    {
        var e = Assert.Throws<TypeError>(() => tf.Session().run_nested(new object?[] { tf.constant(1.0), null }));
        Assert.That(e!.Message, Does.Contain("Fetch argument None has invalid type"));
    }

    [Test]
    public void OperatorsNameTheirOpsAsTF1Does()
    {
        var x = tf.placeholder(tf.float32);
        Assert.That((x + 1.0).name, Is.EqualTo("add:0"));
        Assert.That((x + 1.0).name, Is.EqualTo("add_1:0"));
        Assert.That((x - 1.0).name, Is.EqualTo("sub:0"));
        Assert.That((x * 2.0).name, Is.EqualTo("mul:0"));
        Assert.That((x / 2.0).name, Is.EqualTo("truediv:0"));
        Assert.That(tf.add(x, 1.0).name, Is.EqualTo("Add:0"));
        Assert.That((x > 1.0).name, Is.EqualTo("Greater:0"));
        Assert.That((-x).name, Is.EqualTo("Neg:0"));
        Assert.That((x + 1.0).ToString(), Is.EqualTo("Tensor(\"add_2:0\", dtype=float32)"));
        var v = tf.Variable(2.0);
        Assert.That((x + v).name, Is.EqualTo("add_3:0"));  // Variable's operators too (TensorBoard's graph shows them)
        Assert.That((v * 2.0).name, Is.EqualTo("mul_1:0"));
    }

    [Test]
    public void AnFStringFormatsAFetchedScalarAsAPythonFloat()
    {
        using var sess = tf.Session();
        var cost = sess.run(tf.constant(5.699973826267524e-11f));
        Assert.That($"cost: {cost}", Is.EqualTo("cost: 5.699973826267524e-11"));  // Python: f"cost: {np.float32(...)}"
        Assert.That(Capture(() => print(cost)).TrimEnd(), Is.EqualTo("5.6999738e-11"));  // str(np.float32): the shortest float32 digits
        Assert.That($"{sess.run(tf.constant(3))} {sess.run(tf.constant(true))}", Is.EqualTo("3 True"));
        Assert.That($"{sess.run(tf.constant(0.5f)):F3}", Is.EqualTo("0.500"));
        Assert.That($"{sess.run(tf.constant(new[] { 1.5f, 2f }))}", Is.EqualTo("[1.5 2. ]"));
        Assert.Throws<ValueError>(() => _ = $"{sess.run(tf.constant(new[] { 1.5f, 2f })):F3}");
    }
}
