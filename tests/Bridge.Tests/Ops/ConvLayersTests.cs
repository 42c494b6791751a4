using static Bridge.Binding;

namespace Bridge.Tests.Ops;

/// <summary>
/// tf.layers.conv2d, max_pooling2d and average_pooling2d as TF 1.0's python/layers/convolutional.py and pooling.py
/// build them (convolutional_test.py / pooling_test.py cases: variable names and shapes, output shapes, reuse; op ids
/// counted from TF's Python so that later seeded random ops draw TF's numbers).
/// </summary>
public class ConvLayersTests : GraphFixture
{
    private static int Ids(Action build)
    {
        var g = tf.get_default_graph();
        int before = g.LastId;
        build();
        return g.LastId - before;
    }

    private static string[] Names(IEnumerable<object> items) => items.OfType<Variable>().Select(v => v.name).ToArray();

    private static void Throws<T>(Action body, params string[] fragments) where T : Exception
    {
        var e = Assert.Throws<T>(() => body())!;
        foreach (var f in fragments) Assert.That(e.Message, Does.Contain(f));
        Assert.That(e.Message, Does.Contain("help:"));
    }

    // convolutional_test.py testCreateConv2D / testFunctionalConv2DNoReuse: conv2d/kernel, conv2d/bias, then conv2d_1.
    [Test]
    public void Conv2DNamesItsVariablesAndOpsAsTf()
    {
        var images = tf.placeholder(tf.float32, new Shape(5, 7, 9, 4));
        var y = tf.layers.conv2d(images, 32, new[] { 3, 3 });
        Assert.That(y.name, Is.EqualTo("conv2d/BiasAdd:0"));
        Assert.That(y.op.inputs[0].op.name, Is.EqualTo("conv2d/convolution"));
        Assert.That(y.op.inputs[0].op.type, Is.EqualTo("Conv2D"));
        Assert.That(y.shape.as_int_list(), Is.EqualTo(new[] { 5, 5, 7, 32 }));
        var vars = tf.trainable_variables().OfType<Variable>().ToArray();
        Assert.That(vars.Select(v => v.name), Is.EqualTo(new[] { "conv2d/kernel:0", "conv2d/bias:0" }));
        Assert.That(vars[0].shape.as_int_list(), Is.EqualTo(new[] { 3, 3, 4, 32 }));
        Assert.That(vars[1].shape.as_int_list(), Is.EqualTo(new[] { 32 }));
        var y2 = tf.layers.conv2d(images, 32, 3, padding: "same", activation: tf.nn.relu);
        // TF 1.0's _Layer enters its captured scope again in __call__ (variable_scope(scope) opens name_scope("conv2d"),
        // taking "conv2d_1"), so the second layer's ops land in "conv2d_2/" while its variables are "conv2d_1/...".
        Assert.That(y2.name, Is.EqualTo("conv2d_2/Relu:0"));
        Assert.That(Names(tf.trainable_variables()).Skip(2), Is.EqualTo(new[] { "conv2d_1/kernel:0", "conv2d_1/bias:0" }));
        Assert.That(y2.shape.as_int_list(), Is.EqualTo(new[] { 5, 7, 9, 32 }));
        // testCreateConv2DIntegerKernelSize / strides (testCreateConv2DChannelsFirst is TF's GPU case: rejected here).
        var y3 = tf.layers.conv2d(images, 32, new[] { 3, 3 }, strides: new[] { 2, 2 }, name: "strided");
        Assert.That(y3.shape.as_int_list(), Is.EqualTo(new[] { 5, 3, 4, 32 }));
        var y4 = tf.layers.conv2d(images, 32, (3, 3), strides: (1, 2), use_bias: false, name: "nobias");
        Assert.That(y4.shape.as_int_list(), Is.EqualTo(new[] { 5, 5, 4, 32 }));
        Assert.That(y4.op.type, Is.EqualTo("Conv2D"));
        Assert.That(Names(tf.trainable_variables()).Skip(4), Is.EqualTo(new[] { "strided/kernel:0", "strided/bias:0", "nobias/kernel:0" }));
    }

    [Test]
    public void Conv2DReusesByNameWhenAsked()
    {
        var images = tf.placeholder(tf.float32, new Shape(-1, 6, 6, 2));
        tf.layers.conv2d(images, 3, 2, name: "conv");
        var again = tf.layers.conv2d(images, 3, 2, name: "conv", reuse: true);
        Assert.That(tf.trainable_variables().Length, Is.EqualTo(2));
        Assert.That(again.shape.as_list(), Is.EqualTo(new int?[] { null, 5, 5, 3 }));
        Throws<ValueError>(() => tf.layers.conv2d(images, 3, 2, name: "conv"), "Variable conv/kernel already exists");
    }

    // The functional layer is nn.conv2d + bias_add + activation with the layer's variables.
    [Test]
    public void Conv2DComputesTheConvolutionPlusBias()
    {
        var x = tf.constant(new NDArray(Enumerable.Range(1, 2 * 4 * 4 * 2).Select(i => (float)i / 10).ToArray(), [2, 4, 4, 2]));
        var y = tf.layers.conv2d(x, 3, 3, padding: "SAME", kernel_initializer: tf.constant_initializer(0.5), bias_initializer: tf.constant_initializer(-1.0),
            activation: tf.nn.relu);
        var k = tf.constant(new NDArray(Enumerable.Repeat(0.5f, 3 * 3 * 2 * 3).ToArray(), [3, 3, 2, 3]));
        var expected = tf.nn.relu(tf.add(tf.nn.conv2d(x, k, [1, 1, 1, 1], "SAME"), tf.constant(-1.0f)));
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        Assert.That(sess.run(y).ToArray<float>(), Is.EqualTo(sess.run(expected).ToArray<float>()));
    }

    // TF 1.0: the kernel's glorot_uniform (3 Consts, RandomUniform, sub, mul, add; VariableV2, Assign, read: 10), the bias's
    // zeros (Const, VariableV2, Assign, read: 4), nn.convolution's Shape and Const "dilation_rate" and the Conv2D (3),
    // BiasAdd (1), the activation (1). Pooling layers: one op.
    [Test]
    public void LayersAdvanceTheOpIdsAsTf10()
    {
        var x = tf.placeholder(tf.float32, new Shape(-1, 28, 28, 1));
        Assert.That(Ids(() => tf.layers.conv2d(x, 32, 3)), Is.EqualTo(18));
        Assert.That(Ids(() => tf.layers.conv2d(x, 32, 3, activation: tf.nn.relu)), Is.EqualTo(19));
        Assert.That(Ids(() => tf.layers.conv2d(x, 32, 3, use_bias: false)), Is.EqualTo(13));
        Assert.That(Ids(() => tf.layers.max_pooling2d(x, 2, 2)), Is.EqualTo(1));
        Assert.That(Ids(() => tf.layers.average_pooling2d(x, 2, 2)), Is.EqualTo(1));
    }

    // With tf.set_random_seed, the kernel is random_uniform(-l, l) of op seed 4 (the placeholder is op 1, the kernel's
    // Consts 2-4), l = sqrt(6 / (fan_in + fan_out)) with TF's receptive-field fans (3*3*1, 3*3*32); the layer with its
    // Relu is ops 2-20, so a random_uniform made after it has op seed 23.
    [Test]
    public void SeededConv2DDrawsTfsKernelAndLaterOpsTfsSeeds()
    {
        tf.set_random_seed(777);
        var x = tf.placeholder(tf.float32, new Shape(-1, 28, 28, 1));
        tf.layers.conv2d(x, 32, new[] { 3, 3 }, padding: "same", activation: tf.nn.relu);
        var after = tf.random_uniform(new[] { 5 });
        var kernel = tf.global_variables()[0];
        float[] k, r;
        using (var sess = tf.Session())
        {
            sess.run(tf.global_variables_initializer());
            k = sess.run(kernel).ToArray<float>();
            r = sess.run(after).ToArray<float>();
        }
        tf.reset_default_graph();
        tf.set_random_seed(777);
        double l = Math.Sqrt(6.0 / (9 + 9 * 32));
        var k2 = tf.random_uniform(new[] { 3, 3, 1, 32 }, -l, l, seed: 4);
        var r2 = tf.random_uniform(new[] { 5 }, seed: 23);
        using var s2 = tf.Session();
        Assert.That(k, Is.EqualTo(s2.run(k2).ToArray<float>()));
        Assert.That(r, Is.EqualTo(s2.run(r2).ToArray<float>()));
    }

    // pooling_test.py testCreateMaxPooling2D / AveragePooling2D / padding 'same' / strides.
    [Test]
    public void PoolingLayersNameTheirOpsAndFollowTfsShapes()
    {
        var images = tf.placeholder(tf.float32, new Shape(5, 7, 9, 4));
        var m = tf.layers.max_pooling2d(images, new[] { 2, 2 }, 2);
        Assert.That(m.name, Is.EqualTo("max_pooling2d/MaxPool:0"));
        Assert.That(m.shape.as_int_list(), Is.EqualTo(new[] { 5, 3, 4, 4 }));
        var a = tf.layers.average_pooling2d(images, (2, 2), 2);
        Assert.That(a.name, Is.EqualTo("average_pooling2d/AvgPool:0"));
        Assert.That(a.shape.as_int_list(), Is.EqualTo(new[] { 5, 3, 4, 4 }));
        var s = tf.layers.max_pooling2d(images, 2, 2, padding: "same");
        Assert.That(s.name, Is.EqualTo("max_pooling2d_2/MaxPool:0"), "TF 1.0's name scopes: the first layer's __call__ took max_pooling2d_1");
        Assert.That(s.shape.as_int_list(), Is.EqualTo(new[] { 5, 4, 5, 4 }));
        var n = tf.layers.max_pooling2d(images, 3, new[] { 1, 2 }, padding: "same", name: "pool");
        Assert.That(n.name, Is.EqualTo("pool/MaxPool:0"));
        Assert.That(n.shape.as_int_list(), Is.EqualTo(new[] { 5, 7, 5, 4 }));
    }

    // Lab 11-4's first block: [?, 28, 28, 1] -> conv 3x3x32 same relu -> max pool 2x2 same stride 2 -> [?, 14, 14, 32].
    [Test]
    public void Lab11BlockShapes()
    {
        var x = tf.placeholder(tf.float32, new Shape(-1, 784));
        var img = tf.reshape(x, new[] { -1, 28, 28, 1 });
        var c1 = tf.layers.conv2d(img, 32, new[] { 3, 3 }, padding: "SAME", activation: tf.nn.relu);
        var p1 = tf.layers.max_pooling2d(c1, new[] { 2, 2 }, 2, padding: "SAME");
        Assert.That(p1.shape.as_list(), Is.EqualTo(new int?[] { null, 14, 14, 32 }));
        var flat = tf.reshape(p1, new[] { -1, 14 * 14 * 32 });
        var g = tf.gradients(tf.reduce_sum(flat), tf.trainable_variables().OfType<Variable>().Select(v => v.AsTensor()).ToArray());
        Assert.That(g.All(t => t is not null), Is.True);
    }

    [Test]
    public void BadArgumentsAreTfsValueErrors()
    {
        var images = tf.placeholder(tf.float32, new Shape(5, 7, 9, 4));
        Throws<ValueError>(() => tf.layers.conv2d(images, 32, 3, padding: "full"), "The `padding` argument must be one of \"valid\", \"same\". Received: full");
        Throws<ValueError>(() => tf.layers.conv2d(images, 32, new[] { 3, 3, 3 }), "The `kernel_size` argument must be a tuple of 2 integers. Received: (3, 3, 3)");
        Throws<ValueError>(() => tf.layers.conv2d(images, 32, 3, data_format: "channels_first"), "'channels_first'", "NHWC");
        Throws<ValueError>(() => tf.layers.conv2d(images, 32, 3, data_format: "nhwc"), "The `data_format` argument must be one of");
        Throws<ValueError>(() => tf.layers.conv2d(tf.placeholder(tf.float32, new Shape(5, 7, 9)), 32, 3), "Inputs should have rank 4. Received input shape: [5, 7, 9]");
        Throws<ValueError>(() => tf.layers.conv2d(tf.placeholder(tf.float32, new Shape(5, 7, 9, -1)), 32, 3), "The channel dimension of the inputs should be defined. Found `None`.");
        Throws<ValueError>(() => tf.layers.conv2d(images, 32, 3, strides: 2, dilation_rate: 2), "strides > 1 not supported in conjunction with dilation_rate > 1");
        Throws<ValueError>(() => tf.layers.max_pooling2d(images, 2, new[] { 1, 2, 3 }), "The `strides` argument must be a tuple of 2 integers");
        Throws<ValueError>(() => tf.layers.average_pooling2d(images, 2, 2, padding: "SAMEISH"), "The `padding` argument");
    }
}
