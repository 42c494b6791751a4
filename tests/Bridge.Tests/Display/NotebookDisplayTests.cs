using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using NUnit.Framework;
using static Bridge.Binding;

namespace Bridge.Tests.Display;

/// <summary>
/// What a .NET Interactive notebook shows for Bridge's values. The kernel finds formatters by convention (an attribute
/// class named TypeFormatterSourceAttribute, members found by name); <see cref="Kernel"/> follows the same steps as
/// its Formatter (dotnet/interactive, Formatter.TryRegisterFromConventionBasedFormatterSources), so these tests fail
/// if a name or signature the kernel relies on changes.
/// </summary>
public class NotebookDisplayTests
{
    [SetUp]
    public void Reset() => tf.reset_default_graph();

    [Test]
    public void A_zero_d_array_shows_its_value_instead_of_failing()
    {
        // The kernel's default for an IEnumerable enumerates it, and a 0-d array cannot be iterated.
        var scalar = np.array(1.5f);
        Assert.That(scalar.ndim, Is.EqualTo(0));
        Assert.That(() => scalar.Cast<object>().ToList(), Throws.InstanceOf<TypeError>());
        // A 0-d NDArray stands for the numpy scalar Session.run returns (numpy.float32 shows as 1.5).
        Assert.That(Kernel.Format(scalar), Is.EqualTo("1.5"));
    }

    [Test]
    public void Arrays_show_numpys_repr()
    {
        Assert.That(Kernel.Format(np.array(new float[,] { { 1f, 2.5f }, { 3f, 4f } })),
            Is.EqualTo("array([[1. , 2.5],\n       [3. , 4. ]], dtype=float32)"));
        using var sess = tf.Session();
        var argmax = sess.run(tf.argmax(tf.constant(new[,] { { 1f, 2f }, { 4f, 3f } }), 1));
        Assert.That(Kernel.Format(argmax), Is.EqualTo("array([1, 0])")); // int64, numpy's default int: no dtype shown
        var ints = sess.run(tf.constant(new[] { 4 }));
        Assert.That(Kernel.Format(ints), Is.EqualTo("array([4], dtype=int32)")); // as in lab 08's notebook
    }

    [Test]
    public void Graph_objects_show_tf_1_x_reprs()
    {
        var c = tf.constant(new[] { 1f, 2f });
        var x = tf.placeholder(tf.float32, new Shape(-1, 784));
        var any = tf.placeholder(tf.int32);
        var w = tf.Variable(tf.zeros(new Shape(1)), name: "W");
        var init = tf.global_variables_initializer();
        Assert.That(Kernel.Format(c), Is.EqualTo("<tf.Tensor 'Const:0' shape=(2,) dtype=float32>"));
        Assert.That(Kernel.Format(x), Is.EqualTo("<tf.Tensor 'Placeholder:0' shape=(?, 784) dtype=float32>"));
        Assert.That(Kernel.Format(any), Is.EqualTo("<tf.Tensor 'Placeholder_1:0' shape=<unknown> dtype=int32>"));
        Assert.That(Kernel.Format(w), Is.EqualTo("<tf.Variable 'W:0' shape=(1,) dtype=float32_ref>"));
        Assert.That(Kernel.Format(init), Is.EqualTo("<tf.Operation 'init' type=NoOp>"));
        Assert.That(Kernel.Format(x.shape), Is.EqualTo("(?, 784)")); // a shape is a Python tuple, not a list
    }

    [Test]
    public void Sessions_show_a_line_not_a_property_dump()
    {
        tf.constant(1f);
        using var plain = tf.Session();
        Assert.That(Kernel.Format(plain), Is.EqualTo("<tf.Session: a session of a graph of 1 ops>"));
        using var interactive = tf.InteractiveSession();
        // InteractiveSession inherits Session's attribute, as the kernel reads attributes with inherit: true.
        Assert.That(Kernel.Format(interactive), Does.StartWith("<tf.InteractiveSession:"));
    }

    [Test]
    public void The_preferred_mime_type_is_text()
    {
        foreach (var type in new[] { typeof(NDArray), typeof(Tensor), typeof(Variable), typeof(Operation), typeof(Session), typeof(Shape) })
            Assert.That(Kernel.PreferredMimeTypes(type), Is.EqualTo(new[] { "text/plain" }), type.Name);
    }

    /// <summary>The kernel's convention-based lookup, step by step (by name, through public members only).</summary>
    private static class Kernel
    {
        private static object Attribute(Type type) =>
            type.GetCustomAttributes(true).Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");

        public static string[]? PreferredMimeTypes(Type type) =>
            Attribute(type).GetType().GetProperty("PreferredMimeTypes")?.GetGetMethod()?.Invoke(Attribute(type), null) as string[];

        public static string Format(object value)
        {
            var attr = Attribute(value.GetType());
            var sourceType = (Type)attr.GetType().GetProperty("FormatterSourceType")!.GetGetMethod()!.Invoke(attr, null)!;
            var source = Activator.CreateInstance(sourceType)!;
            var formatters = (IEnumerable)source.GetType().GetMethod("CreateTypeFormatters")!.Invoke(source, null)!;
            foreach (var formatter in formatters)
            {
                var mime = formatter.GetType().GetProperty("MimeType")!.GetGetMethod()!.Invoke(formatter, null) as string;
                var formatted = formatter.GetType().GetProperty("Type")!.GetGetMethod()!.Invoke(formatter, null) as Type;
                if (mime != "text/plain" || formatted is null || !formatted.IsInstanceOfType(value)) continue;
                // The kernel compiles a call to Format(object, TextWriter) into a Func<object, TextWriter, bool>.
                var valueParam = Expression.Parameter(typeof(object));
                var writerParam = Expression.Parameter(typeof(TextWriter));
                var call = Expression.Call(Expression.Constant(formatter), formatter.GetType().GetMethod("Format")!, valueParam, writerParam);
                var format = Expression.Lambda<Func<object, TextWriter, bool>>(call, valueParam, writerParam).Compile();
                var writer = new StringWriter();
                if (format(value, writer)) return writer.ToString();
            }
            throw new AssertionException($"no text/plain formatter took a {value.GetType().Name}");
        }
    }
}
