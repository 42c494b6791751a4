using static Bridge.Binding;

namespace Bridge.Tests.Ops;

/// <summary>
/// tf.nn.batch_normalization, tf.layers.batch_normalization, tf.contrib.layers.batch_norm and the dropout layers as
/// TF 1.0 builds them (nn_impl.py, layers/normalization.py, layers/core.py, contrib/layers/layers.py): variable names
/// and collections as TF's layers_test.py checks them, values from the definitions in TF's float32 order, the moving
/// averages' updates (assign_moving_average), and the training flag as a bool or a placeholder (tf.cond).
/// </summary>
public class NormalizationLayersTests : GraphFixture
{
    private static readonly float[,] X = { { 1f, -2f, 3f }, { 5f, 6f, -7f }, { 0.5f, 10f, 11f }, { 2f, -1f, 4f } };

    private static (float[] mean, float[] variance) Moments(float[,] x)
    {
        int n = x.GetLength(0), c = x.GetLength(1);
        var mean = new float[c];
        var variance = new float[c];
        for (int j = 0; j < c; j++)
        {
            double s = 0, ss = 0;
            for (int i = 0; i < n; i++) s += x[i, j];
            double m = s / n;
            for (int i = 0; i < n; i++) ss += (x[i, j] - m) * (x[i, j] - m);
            mean[j] = (float)m;
            variance[j] = (float)(ss / n);
        }
        return (mean, variance);
    }

    // TF's float32 order: inv = rsqrt(var + eps) * scale; x * inv + (offset - mean * inv).
    private static float[] Normalized(float[,] x, float[] mean, float[] variance, float[]? offset, float[]? scale, float eps)
    {
        int n = x.GetLength(0), c = x.GetLength(1);
        var r = new float[n * c];
        for (int j = 0; j < c; j++)
        {
            float inv = 1f / MathF.Sqrt(variance[j] + eps);
            if (scale is not null) inv *= scale[j];
            float shift = offset is not null ? offset[j] - mean[j] * inv : -mean[j] * inv;
            for (int i = 0; i < n; i++) r[i * c + j] = x[i, j] * inv + shift;
        }
        return r;
    }

    [Test]
    public void NnBatchNormalizationIsTfsRsqrtForm()
    {
        var mean = new[] { 1f, 2f, 3f };
        var variance = new[] { 4f, 0.25f, 9f };
        var offset = new[] { 0.5f, -1f, 0f };
        var scale = new[] { 2f, 1f, -1f };
        var y = tf.nn.batch_normalization(tf.constant(X), tf.constant(mean), tf.constant(variance), tf.constant(offset), tf.constant(scale), 1e-3);
        var y2 = tf.nn.batch_normalization(tf.constant(X), tf.constant(mean), tf.constant(variance), null, null, 1e-3);
        Assert.That(y.op.name, Does.StartWith("batchnorm/"));
        using var sess = tf.Session();
        Assert.That(sess.run(y).ToArray<float>(), Is.EqualTo(Normalized(X, mean, variance, offset, scale, 1e-3f)).Within(1e-6f));
        Assert.That(sess.run(y2).ToArray<float>(), Is.EqualTo(Normalized(X, mean, variance, null, null, 1e-3f)).Within(1e-6f));
    }

    [Test]
    public void LayersBatchNormalizationCreatesTfsVariablesAndUpdates()
    {
        var x = tf.placeholder(tf.float32, new Shape(-1, 3));
        var y = tf.layers.batch_normalization(x, training: true);
        var names = tf.global_variables().Select(v => v.op.name).ToArray();
        Assert.That(names, Is.EqualTo(new[] { "batch_normalization/beta", "batch_normalization/gamma", "batch_normalization/moving_mean", "batch_normalization/moving_variance" }));
        Assert.That(tf.trainable_variables().Select(v => v.op.name), Is.EqualTo(new[] { "batch_normalization/beta", "batch_normalization/gamma" }));
        var updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS);
        Assert.That(updates, Has.Length.EqualTo(2));
        tf.layers.batch_normalization(x, training: true);
        Assert.That(tf.global_variables().Last().op.name, Is.EqualTo("batch_normalization_1/moving_variance"), "a second layer gets a unique scope");

        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        var (mean, variance) = Moments(X);
        Assert.That(sess.run(y, (x, X)).ToArray<float>(), Is.EqualTo(Normalized(X, mean, variance, new float[3], [1f, 1f, 1f], 1e-3f)).Within(2e-6f));
        sess.run(updates.Cast<Tensor>().ToArray(), (x, X));
        var movingMean = sess.run(tf.global_variables()[2].AsTensor()).ToArray<float>();
        var movingVariance = sess.run(tf.global_variables()[3].AsTensor()).ToArray<float>();
        for (int j = 0; j < 3; j++)
        {
            // assign_moving_average: v -= (v - value) * (1 - momentum), momentum 0.99.
            Assert.That(movingMean[j], Is.EqualTo(0f - (0f - mean[j]) * 0.01f).Within(1e-6f));
            Assert.That(movingVariance[j], Is.EqualTo(1f - (1f - variance[j]) * 0.01f).Within(1e-5f));
        }
    }

    [Test]
    public void LayersBatchNormalizationWithAPlaceholderBuildsACond()
    {
        var x = tf.placeholder(tf.float32, new Shape(-1, 3));
        var training = tf.placeholder(tf.@bool, name: "train_mode");
        var y = tf.layers.batch_normalization(x, training: training, name: "bn");
        Assert.That(y.op.type, Is.EqualTo("Merge"));
        Assert.That(tf.global_variables()[0].op.name, Is.EqualTo("bn/beta"));
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        var (mean, variance) = Moments(X);
        Assert.That(sess.run(y, (x, X), (training, true)).ToArray<float>(), Is.EqualTo(Normalized(X, mean, variance, new float[3], [1f, 1f, 1f], 1e-3f)).Within(2e-6f));
        // Test mode: the moving statistics (still 0 and 1: the updates did not run).
        Assert.That(sess.run(y, (x, X), (training, false)).ToArray<float>(), Is.EqualTo(Normalized(X, new float[3], [1f, 1f, 1f], new float[3], [1f, 1f, 1f], 1e-3f)).Within(1e-6f));
        // A static false builds no moments and no updates.
        tf.layers.batch_normalization(x, training: false);
        Assert.That(tf.get_collection(tf.GraphKeys.UPDATE_OPS), Has.Length.EqualTo(2));
    }

    [Test]
    public void ContribBatchNormNamesAsTfsLayersTest()
    {
        // layers_test.py testCreateVariables: beta, and gamma with scale=True; moving_mean/moving_variance are model
        // variables, not trainable (updates_collections=None: contrib's own path).
        var images = tf.placeholder(tf.float32, new Shape(5, 3));
        tf.contrib.layers.batch_norm(images, scale: true, updates_collections: null);
        Assert.That(tf.trainable_variables().Select(v => v.op.name), Is.EqualTo(new[] { "BatchNorm/beta", "BatchNorm/gamma" }));
        Assert.That(tf.model_variables().Select(v => v.op.name), Is.EqualTo(new[] { "BatchNorm/beta", "BatchNorm/gamma", "BatchNorm/moving_mean", "BatchNorm/moving_variance" }));
        // The default (UPDATE_OPS) hands the work to the core layer: its updates go to UPDATE_OPS; scale is off by default.
        tf.contrib.layers.batch_norm(images);
        Assert.That(tf.trainable_variables().Select(v => v.op.name).Last(), Is.EqualTo("BatchNorm_1/beta"));
        Assert.That(tf.get_collection(tf.GraphKeys.UPDATE_OPS), Has.Length.EqualTo(2));
    }

    [Test]
    public void ContribBatchNormForcedUpdatesRunOnlyInTrainingRuns()
    {
        // Lab 10-7's form: decay 0.9, updates_collections=None, is_training a placeholder.
        var x = tf.placeholder(tf.float32, new Shape(-1, 3));
        var train = tf.placeholder(tf.@bool);
        var y = tf.contrib.layers.batch_norm(x, decay: 0.9, updates_collections: null, is_training: train);
        var movingMean = tf.model_variables().Single(v => v.op.name == "BatchNorm/moving_mean");
        var movingVariance = tf.model_variables().Single(v => v.op.name == "BatchNorm/moving_variance");
        Assert.That(tf.get_collection(tf.GraphKeys.UPDATE_OPS), Is.Empty);
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        var (mean, variance) = Moments(X);
        var got = sess.run(y, (x, X), (train, true)).ToArray<float>();
        Assert.That(got, Is.EqualTo(Normalized(X, mean, variance, new float[3], null, 1e-3f)).Within(2e-6f));
        var mm = sess.run(movingMean.AsTensor()).ToArray<float>();
        var mv = sess.run(movingVariance.AsTensor()).ToArray<float>();
        for (int j = 0; j < 3; j++)
        {
            Assert.That(mm[j], Is.EqualTo(0f - (0f - mean[j]) * 0.1f).Within(1e-6f));
            Assert.That(mv[j], Is.EqualTo(1f - (1f - variance[j]) * 0.1f).Within(1e-5f));
        }
        // A test run normalises with the moving statistics and updates nothing.
        var test = sess.run(y, (x, X), (train, false)).ToArray<float>();
        Assert.That(test, Is.EqualTo(Normalized(X, mm, mv, new float[3], null, 1e-3f)).Within(2e-6f));
        Assert.That(sess.run(movingMean.AsTensor()).ToArray<float>(), Is.EqualTo(mm));
    }

    // float64, for central differences: the contrib layer's own path (updates_collections=None), whose variables take
    // the input's dtype (TF 1.0's core layer makes float32 ones: BatchNormVariablesDTypeIsTf10s); its cond, moments
    // and tf.nn.batch_normalization are the core layer's.
    [TestCase(true)]
    [TestCase(false)]
    public void BatchNormGradientThroughTheCondMatchesCentralDifferences(bool training)
    {
        var x = tf.placeholder(tf.float64, new Shape(4, 3));
        var p = tf.placeholder(tf.@bool);
        var y = tf.contrib.layers.batch_norm(x, updates_collections: null, is_training: p, center: true, scale: true);
        var w = tf.constant(new double[,] { { 1, 2, 3 }, { -1, 0.5, 2 }, { 0.3, -2, 1 }, { 2, 1, -1 } }, tf.float64);
        var loss = tf.reduce_sum(tf.multiply(y, w));
        var g = tf.gradients(loss, new[] { x })[0]!;
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        var x0 = new double[,] { { 1, -2, 3 }, { 5, 6, -7 }, { 0.5, 10, 11 }, { 2, -1, 4 } };
        var analytic = sess.run(g, (x, x0), (p, training)).ToArray<double>();
        const double eps = 1e-6;
        for (int k = 0; k < 12; k++)
        {
            var plus = (double[,])x0.Clone();
            var minus = (double[,])x0.Clone();
            plus[k / 3, k % 3] += eps;
            minus[k / 3, k % 3] -= eps;
            double numeric = (sess.run(loss, (x, plus), (p, training)).GetDouble(0) - sess.run(loss, (x, minus), (p, training)).GetDouble(0)) / (2 * eps);
            Assert.That(analytic[k], Is.EqualTo(numeric).Within(1e-5 * Math.Max(1, Math.Abs(numeric))), $"d loss / d x[{k}]");
        }
    }

    // TF 1.0 (layers/normalization.py): the core layer's variables come from vs.get_variable without a dtype, so float32
    // whatever the input; contrib's batch_norm hands UPDATE_OPS to that layer, and builds its own variables with
    // dtype = inputs.dtype.base_dtype otherwise (contrib/layers/python/layers/layers.py).
    [Test]
    public void BatchNormVariablesDTypeIsTf10s()
    {
        tf.layers.batch_normalization(tf.placeholder(tf.float32, new Shape(-1, 3)), training: true, name: "core");
        tf.contrib.layers.batch_norm(tf.placeholder(tf.float32, new Shape(-1, 3)), scale: true, scope: "contrib");
        tf.contrib.layers.batch_norm(tf.placeholder(tf.float64, new Shape(-1, 3)), scale: true, updates_collections: null, scope: "legacy");
        var dtypes = tf.global_variables().ToDictionary(v => v.op.name, v => v.dtype);
        foreach (var scope in new[] { "core", "contrib" })
            foreach (var name in new[] { "beta", "gamma", "moving_mean", "moving_variance" })
                Assert.That(dtypes[$"{scope}/{name}"], Is.EqualTo(TF_DataType.TF_FLOAT), $"{scope}/{name}");
        foreach (var name in new[] { "beta", "gamma", "moving_mean", "moving_variance" })
            Assert.That(dtypes[$"legacy/{name}"], Is.EqualTo(TF_DataType.TF_DOUBLE), $"legacy/{name}");

        // A float64 input cannot meet the core layer's float32 variables (TF 1.0: a TypeError where they meet).
        var x64 = tf.placeholder(tf.float64, new Shape(-1, 3), name: "x64");
        foreach (var build in new Action[]
                 {
                     () => tf.layers.batch_normalization(x64, training: true),
                     () => tf.layers.batch_normalization(x64),
                     () => tf.contrib.layers.batch_norm(x64),
                 })
        {
            var e = Assert.Throws<TypeError>(() => build())!;
            Assert.That(e.Message, Does.Contain("batch").And.Contain("x64").And.Contain("float64").And.Contain("float32").And.Contain("help:"));
        }
    }

    [Test]
    public void BadTrainingFlagsAndInputsAreTfsErrors()
    {
        var x = tf.placeholder(tf.float32, new Shape(-1, 3));
        var e1 = Assert.Throws<TypeError>(() => tf.layers.batch_normalization(x, training: tf.constant(1.0f)))!;
        Assert.That(e1.Message, Does.Contain("training").And.Contain("float32").And.Contain("help:"));
        var e2 = Assert.Throws<ValueError>(() => tf.layers.batch_normalization(tf.placeholder(tf.float32, new Shape(-1, -1)), training: true))!;
        Assert.That(e2.Message, Does.Contain("undefined `axis` dimension").And.Contain("help:"));
        var e3 = Assert.Throws<ValueError>(() => tf.layers.batch_normalization(x, axis: 2))!;
        Assert.That(e3.Message, Does.Contain("out of range"));
        var e4 = Assert.Throws<TypeError>(() => tf.contrib.layers.dropout(x, 0.5, is_training: "yes"))!;
        Assert.That(e4.Message, Does.Contain("is_training"));
    }

    [Test]
    public void LayersDropoutFollowsTraining()
    {
        tf.set_random_seed(777);
        var x = tf.constant(X);
        Assert.That(tf.layers.dropout(x).op.type, Is.EqualTo("Identity"), "training=False: the input unchanged");
        var seeded = tf.layers.dropout(x, rate: 0.4, seed: 5, training: true);
        var reference = tf.nn.dropout(x, 1 - 0.4, seed: 5);
        using var sess = tf.Session();
        Assert.That(sess.run(seeded).ToArray<float>(), Is.EqualTo(sess.run(reference).ToArray<float>()));
    }

    [Test]
    public void DropoutWithAPlaceholderDrawsOnlyInTrainingRuns()
    {
        tf.set_random_seed(777);
        var x = tf.placeholder(tf.float32, new Shape(-1, 3));
        var train = tf.placeholder(tf.@bool, name: "train_mode");
        var y = tf.contrib.layers.dropout(x, 0.7, is_training: train);
        Assert.That(y.op.name, Is.EqualTo("Dropout/cond/Merge"));
        using var a = tf.Session();
        using var b = tf.Session();
        var a1 = a.run(y, (x, X), (train, true)).ToArray<float>();
        Assert.That(a.run(y, (x, X), (train, false)).ToArray<float>(), Is.EqualTo(X.Cast<float>().ToArray()), "test runs pass x through");
        var a2 = a.run(y, (x, X), (train, true)).ToArray<float>();
        var b1 = b.run(y, (x, X), (train, true)).ToArray<float>();
        var b2 = b.run(y, (x, X), (train, true)).ToArray<float>();
        Assert.That(a1, Is.EqualTo(b1));
        Assert.That(a2, Is.EqualTo(b2), "the test run drew no mask");
        var xs = X.Cast<float>().ToArray();
        for (int i = 0; i < xs.Length; i++)
            Assert.That(a1[i], Is.EqualTo(0f).Or.EqualTo(xs[i] / 0.7f), $"element {i}: dropped or scaled by 1 / keep_prob");
    }
}
