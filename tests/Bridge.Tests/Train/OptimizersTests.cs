using static Bridge.Binding;

namespace Bridge.Tests.Train;

/// <summary>
/// TF 1.x's optimizers: each update checked against (a) the value TF's own tests expect (momentum_test.py,
/// adagrad_test.py, adadelta_test.py, learning_rate_decay_test.py of r1.0, with their tolerances) and (b) the documented
/// update rule of TF's training_ops.cc kernel replayed here in float32, in the kernel's order of operations (exactly
/// equal: the same float operations round the same way). Also slots, the global step, the learning-rate forms
/// (double, float, tensor, placeholder, decayed) and bad input.
/// </summary>
public class OptimizersTests : GraphFixture
{
    private static float[] Run(Session s, Variable v) => s.run(v).ToArray<float>();

    /// <summary>Two variables and constant gradients, as TF's optimizer tests set them up.</summary>
    private static (Variable var0, Variable var1, Operation update) TwoVars(Optimizer opt, float g0 = 0.1f, float g1 = 0.01f)
    {
        var var0 = tf.Variable(new[] { 1.0f, 2.0f }, name: "var0");
        var var1 = tf.Variable(new[] { 3.0f, 4.0f }, name: "var1");
        var grads0 = tf.constant(new[] { g0, g0 });
        var grads1 = tf.constant(new[] { g1, g1 });
        var update = opt.apply_gradients(new (Tensor?, Variable)[] { (grads0, var0), (grads1, var1) });
        return (var0, var1, update);
    }

    // --- Momentum ---

    [Test]
    public void MomentumMatchesTfMomentumTestBasic()
    {
        var opt = tf.train.MomentumOptimizer(learning_rate: 2.0, momentum: 0.9);
        var (var0, var1, update) = TwoVars(opt);
        Assert.That(opt.get_slot_names(), Is.EqualTo(new[] { "momentum" }));
        var slot0 = opt.get_slot(var0, "momentum")!;
        var slot1 = opt.get_slot(var1, "momentum")!;
        Assert.That(slot0.shape, Is.EqualTo(var0.shape));
        Assert.That(tf.trainable_variables(), Does.Not.Contain(slot0));
        Assert.That(slot0.op_name, Is.EqualTo("var0/Momentum"));
        Assert.That(slot1.op_name, Is.EqualTo("var1/Momentum"));
        using var s = tf.Session();
        s.run(tf.global_variables_initializer());
        Assert.That(Run(s, slot0), Is.EqualTo(new[] { 0f, 0f }));
        s.run(update);
        // TF: accumulators start at zero, so the first step is var -= grad * lr (assertAllCloseAccordingToType: 1e-6).
        Assert.That(Run(s, slot0), Is.EqualTo(new[] { 0.1f, 0.1f }).Within(1e-6f));
        Assert.That(Run(s, slot1), Is.EqualTo(new[] { 0.01f, 0.01f }).Within(1e-6f));
        Assert.That(Run(s, var0), Is.EqualTo(new[] { 1.0f - 0.1f * 2.0f, 2.0f - 0.1f * 2.0f }).Within(1e-6f));
        Assert.That(Run(s, var1), Is.EqualTo(new[] { 3.0f - 0.01f * 2.0f, 4.0f - 0.01f * 2.0f }).Within(1e-6f));
        s.run(update);
        Assert.That(Run(s, slot0), Is.EqualTo(new[] { 0.9f * 0.1f + 0.1f, 0.9f * 0.1f + 0.1f }).Within(1e-6f));
        Assert.That(Run(s, var0), Is.EqualTo(new[] { 1.0f - 0.1f * 2.0f - (0.9f * 0.1f + 0.1f) * 2.0f, 2.0f - 0.1f * 2.0f - (0.9f * 0.1f + 0.1f) * 2.0f }).Within(1e-6f));
        Assert.That(Run(s, var1), Is.EqualTo(new[] { 2.98f - (0.9f * 0.01f + 0.01f) * 2.0f, 3.98f - (0.9f * 0.01f + 0.01f) * 2.0f }).Within(1e-6f));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void MomentumFollowsTheKernelExactly(bool nesterov)
    {
        var opt = tf.train.MomentumOptimizer(0.1f, 0.9f, use_nesterov: nesterov);
        var (var0, _, update) = TwoVars(opt, g0: 0.3f);
        using var s = tf.Session();
        s.run(tf.global_variables_initializer());
        float[] v = { 1f, 2f }, accum = { 0f, 0f };
        const float lr = 0.1f, m = 0.9f, g = 0.3f;
        for (int step = 0; step < 3; step++)
        {
            s.run(update);
            for (int i = 0; i < 2; i++)
            {
                accum[i] = accum[i] * m + g;
                v[i] = nesterov ? v[i] - (g * lr + accum[i] * m * lr) : v[i] - accum[i] * lr;
            }
            Assert.That(Run(s, var0), Is.EqualTo(v), $"step {step + 1}");
            Assert.That(Run(s, opt.get_slot(var0, "momentum")!), Is.EqualTo(accum), $"step {step + 1}");
        }
    }

    [Test]
    public void MomentumInFloat64()
    {
        var var0 = tf.Variable(tf.constant(np.array(new[] { 1.0, 2.0 })));
        var opt = tf.train.MomentumOptimizer(2.0, 0.9);
        var update = opt.apply_gradients(new (Tensor?, Variable)[] { (tf.constant(np.array(new[] { 0.1, 0.1 })), var0) });
        using var s = tf.Session();
        s.run(tf.global_variables_initializer());
        s.run(update);
        s.run(update);
        // The learning rate and momentum are float32 Consts cast to float64, as TF's math_ops.cast does.
        double lr = 2.0f, m = 0.9f, accum = 0.1;
        accum = accum * m + 0.1;
        var expected = 1.0 - 0.1 * lr - accum * lr;
        Assert.That(s.run(var0).ToArray<double>()[0], Is.EqualTo(expected));
    }

    // --- Adagrad ---

    [Test]
    public void AdagradMatchesTfAdagradTestBasic()
    {
        var opt = tf.train.AdagradOptimizer(3.0, initial_accumulator_value: 0.1);
        var (var0, var1, update) = TwoVars(opt);
        Assert.That(opt.get_slot_names(), Is.EqualTo(new[] { "accumulator" }));
        Assert.That(opt.get_slot(var0, "accumulator")!.op_name, Is.EqualTo("var0/Adagrad"));
        using var s = tf.Session();
        s.run(tf.global_variables_initializer());
        Assert.That(Run(s, opt.get_slot(var0, "accumulator")!), Is.EqualTo(new[] { 0.1f, 0.1f }));
        for (int i = 0; i < 3; i++) s.run(update);
        // adagrad_test.py's expected values after 3 steps (float32: rtol = atol = 1e-6).
        Assert.That(Run(s, var0)[0], Is.EqualTo(-1.6026098728179932f).Within(1e-6 + 1e-6 * 1.61));
        Assert.That(Run(s, var0)[1], Is.EqualTo(-0.6026098728179932f).Within(1e-6 + 1e-6 * 0.61));
        Assert.That(Run(s, var1)[0], Is.EqualTo(2.715679168701172f).Within(1e-6 + 1e-6 * 2.72));
        Assert.That(Run(s, var1)[1], Is.EqualTo(3.715679168701172f).Within(1e-6 + 1e-6 * 3.72));
    }

    [Test]
    public void AdagradFollowsTheKernelExactly()
    {
        var opt = tf.train.AdagradOptimizer(0.5f);
        var (var0, _, update) = TwoVars(opt, g0: 0.7f);
        using var s = tf.Session();
        s.run(tf.global_variables_initializer());
        float[] v = { 1f, 2f }, acc = { 0.1f, 0.1f };
        for (int step = 0; step < 3; step++)
        {
            s.run(update);
            for (int i = 0; i < 2; i++)
            {
                acc[i] = acc[i] + 0.7f * 0.7f;
                v[i] = v[i] - 0.7f * 0.5f * (1f / MathF.Sqrt(acc[i]));
            }
            Assert.That(Run(s, var0), Is.EqualTo(v), $"step {step + 1}");
            Assert.That(Run(s, opt.get_slot(var0, "accumulator")!), Is.EqualTo(acc));
        }
    }

    [Test]
    public void AdagradNeedsAPositiveInitialAccumulator()
    {
        var e = Assert.Throws<ValueError>(() => tf.train.AdagradOptimizer(0.1, initial_accumulator_value: 0.0))!;
        Assert.That(e.Message, Does.Contain("initial_accumulator_value must be positive"));
    }

    // --- RMSProp ---

    [TestCase(false, 0.0)]
    [TestCase(false, 0.5)]
    [TestCase(true, 0.5)]
    public void RMSPropFollowsTheKernelExactly(bool centered, double momentum)
    {
        var opt = tf.train.RMSPropOptimizer(0.01, decay: 0.9, momentum: momentum, epsilon: 1e-10, centered: centered);
        var (var0, var1, update) = TwoVars(opt, g0: 0.1f, g1: 0.01f);
        Assert.That(opt.get_slot_names(), Is.EqualTo(centered ? new[] { "mg", "momentum", "rms" } : new[] { "momentum", "rms" }));
        using var s = tf.Session();
        s.run(tf.global_variables_initializer());
        // TF 1.0: rms starts at ones, mg and momentum at zeros.
        Assert.That(Run(s, opt.get_slot(var0, "rms")!), Is.EqualTo(new[] { 1f, 1f }));
        Assert.That(Run(s, opt.get_slot(var0, "momentum")!), Is.EqualTo(new[] { 0f, 0f }));
        float lr = 0.01f, rho = 0.9f, m = (float)momentum, eps = 1e-10f, oneMinusRho = 1f - rho;
        var vars = new[] { new[] { 1f, 2f }, new[] { 3f, 4f } };
        var grads = new[] { 0.1f, 0.01f };
        var ms = new[] { new[] { 1f, 1f }, new[] { 1f, 1f } };
        var mg = new[] { new[] { 0f, 0f }, new[] { 0f, 0f } };
        var mom = new[] { new[] { 0f, 0f }, new[] { 0f, 0f } };
        for (int step = 0; step < 3; step++)
        {
            s.run(update);
            for (int k = 0; k < 2; k++)
                for (int i = 0; i < 2; i++)
                {
                    float g = grads[k];
                    ms[k][i] = ms[k][i] + (g * g - ms[k][i]) * oneMinusRho;
                    float denom = ms[k][i] + eps;
                    if (centered)
                    {
                        mg[k][i] = mg[k][i] + (g - mg[k][i]) * oneMinusRho;
                        denom = ms[k][i] - mg[k][i] * mg[k][i] + eps;
                    }
                    mom[k][i] = mom[k][i] * m + g * lr / MathF.Sqrt(denom);
                    vars[k][i] = vars[k][i] - mom[k][i];
                }
            Assert.That(Run(s, var0), Is.EqualTo(vars[0]), $"step {step + 1}");
            Assert.That(Run(s, var1), Is.EqualTo(vars[1]), $"step {step + 1}");
            Assert.That(Run(s, opt.get_slot(var0, "rms")!), Is.EqualTo(ms[0]));
            Assert.That(Run(s, opt.get_slot(var0, "momentum")!), Is.EqualTo(mom[0]));
            if (centered) Assert.That(Run(s, opt.get_slot(var0, "mg")!), Is.EqualTo(mg[0]));
        }
    }

    // --- Adadelta ---

    [TestCase(0.2f, 1.0f)]
    [TestCase(0.1f, 0.5f)]
    [TestCase(0.01f, 0.1f)]
    public void AdadeltaMatchesTfAdadeltaTestAndTheTf10Kernel(float grad, float lr)
    {
        var opt = tf.train.AdadeltaOptimizer(lr, rho: 0.95, epsilon: 1e-8);
        var (var0, _, update) = TwoVars(opt, g0: grad, g1: grad);
        Assert.That(opt.get_slot_names(), Is.EqualTo(new[] { "accum", "accum_update" }));
        Assert.That(opt.get_slot(var0, "accum")!.op_name, Is.EqualTo("var0/Adadelta"));
        Assert.That(opt.get_slot(var0, "accum_update")!.op_name, Is.EqualTo("var0/Adadelta_1"));
        using var s = tf.Session();
        s.run(tf.global_variables_initializer());
        // adadelta_test.py's reference (float64 numpy, rtol 1e-3), and TF 1.0's kernel replayed in float32.
        double accum = 0, accumUpdate = 0, total = 0;
        float a = 0, au = 0, v = 1f;
        const float rho = 0.95f, eps = 1e-8f, oneMinusRho = 1f - rho;
        for (int step = 0; step < 4; step++)
        {
            s.run(update);
            accum = accum * 0.95 + grad * (double)grad * (1 - 0.95);
            double up = Math.Sqrt(accumUpdate + 1e-8) * (1.0 / Math.Sqrt(accum + 1e-8)) * grad;
            accumUpdate = accumUpdate * 0.95 + up * up * (1.0 - 0.95);
            total += up * lr;
            var got = Run(s, var0);
            Assert.That(got[0], Is.EqualTo(1.0 - total).Within(1e-3 * Math.Abs(1.0 - total) + 1e-6), $"step {step + 1}");
            Assert.That(Run(s, opt.get_slot(var0, "accum")!)[0], Is.EqualTo(accum).Within(1e-3 * accum + 1e-6));

            a = a * rho + grad * grad * oneMinusRho;
            float upd = MathF.Sqrt(au + eps) * (1f / MathF.Sqrt(a + eps)) * grad;
            au = au * rho + upd * upd * oneMinusRho;
            float again = MathF.Sqrt(au + eps) * (1f / MathF.Sqrt(a + eps)) * grad; // TF 1.0 reads the new accum_update
            v = v - again * lr;
            Assert.That(got[0], Is.EqualTo(v), $"step {step + 1}");
            Assert.That(Run(s, opt.get_slot(var0, "accum_update")!)[0], Is.EqualTo(au));
        }
    }

    [Test]
    public void AdadeltaDefaultsAreTfs()
    {
        var opt = tf.train.AdadeltaOptimizer();
        Assert.That(opt.learning_rate.value, Is.EqualTo(0.001f));
        Assert.That(opt.rho, Is.EqualTo(0.95));
        Assert.That(opt.epsilon, Is.EqualTo(1e-8));
        Assert.That(opt.name, Is.EqualTo("Adadelta"));
    }

    // --- Adam (the shared mechanism) ---

    [Test]
    public void AdamSlotsAndPowersAsTf()
    {
        var opt = tf.train.AdamOptimizer(0.001);
        var (var0, _, update) = TwoVars(opt);
        Assert.That(opt.get_slot_names(), Is.EqualTo(new[] { "m", "v" }));
        Assert.That(opt.get_slot(var0, "m")!.op_name, Is.EqualTo("var0/Adam"));
        Assert.That(opt.get_slot(var0, "v")!.op_name, Is.EqualTo("var0/Adam_1"));
        Assert.That(tf.global_variables().Select(v => v.op_name), Does.Contain("beta1_power").And.Contain("beta2_power"));
        using var s = tf.Session();
        s.run(tf.global_variables_initializer());
        float lr = 0.001f, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f, g = 0.1f;
        float b1p = b1, b2p = b2, m = 0, v = 0, w = 1f;
        for (int step = 0; step < 3; step++)
        {
            s.run(update);
            float alpha = lr * MathF.Sqrt(1f - b2p) / (1f - b1p);
            m = m + (g - m) * (1f - b1);
            v = v + (g * g - v) * (1f - b2);
            w = w - m * alpha / (MathF.Sqrt(v) + eps);
            b1p *= b1;
            b2p *= b2;
            Assert.That(Run(s, var0)[0], Is.EqualTo(w), $"step {step + 1}");
        }
        var beta1Power = tf.global_variables().First(x => x.op_name == "beta1_power");
        Assert.That((float)s.run(beta1Power), Is.EqualTo(b1p));
    }

    // --- learning-rate forms ---

    private static float OneGradientStep(Func<Tensor, Operation> train, params FeedItem[] feeds)
    {
        using var s = tf.Session();
        s.run(tf.global_variables_initializer());
        var w = tf.global_variables().First(v => v.op_name == "w");
        s.run(train(w.AsTensor()), feeds);
        return Run(s, w)[0];
    }

    private static Operation Minimize(GradientDescentOptimizer opt, Tensor w) => opt.minimize(tf.reduce_sum(tf.square(w)));

    [Test]
    public void LearningRateFromDoubleFloatAndTensorAgree()
    {
        // d(w^2)/dw = 2w = 6 at w = 3; TF keeps a Python float as float32: 0.01 and 0.01f are one rate.
        float expected = 3f - 6f * 0.01f;
        tf.Variable(new[] { 3f }, name: "w");
        Assert.That(OneGradientStep(w => Minimize(tf.train.GradientDescentOptimizer(learning_rate: 0.01), w)), Is.EqualTo(expected));
        tf.reset_default_graph();
        tf.Variable(new[] { 3f }, name: "w");
        Assert.That(OneGradientStep(w => Minimize(tf.train.GradientDescentOptimizer(learning_rate: 0.01f), w)), Is.EqualTo(expected));
        tf.reset_default_graph();
        tf.Variable(new[] { 3f }, name: "w");
        Assert.That(OneGradientStep(w => Minimize(tf.train.GradientDescentOptimizer(tf.constant(0.01f)), w)), Is.EqualTo(expected));
        tf.reset_default_graph();
        tf.Variable(new[] { 3f }, name: "w");
        var lr = tf.placeholder(tf.float32, new int[0]);
        Assert.That(OneGradientStep(w => Minimize(tf.train.GradientDescentOptimizer(lr), w), (lr, np.array(0.01f))), Is.EqualTo(expected));
        Assert.That(new GradientDescentOptimizer(0.01).learning_rate.value, Is.EqualTo(0.01f));
        Assert.That(new GradientDescentOptimizer(1).learning_rate.value, Is.EqualTo(1f));
    }

    [Test]
    public void FixedLearningRateIsAConstNamedAsTf()
    {
        var w = tf.Variable(new[] { 3f }, name: "w");
        var train = tf.train.GradientDescentOptimizer(0.5).minimize(tf.reduce_sum(tf.square(w)));
        Assert.That(train.name, Is.EqualTo("GradientDescent"));
        var names = tf.get_default_graph().get_operations().Select(o => o.name).ToArray();
        Assert.That(names, Does.Contain("GradientDescent/learning_rate"));
        Assert.That(names, Does.Contain("GradientDescent/update_w/ApplyGradientDescent"));
    }

    [Test]
    public void PlaceholderLearningRateChangesPerRun()
    {
        var w = tf.Variable(new[] { 3f }, name: "w");
        var lr = tf.placeholder(tf.float32);
        var train = tf.train.GradientDescentOptimizer(lr).minimize(tf.reduce_sum(tf.square(w)));
        using var s = tf.Session();
        s.run(tf.global_variables_initializer());
        s.run(train, (lr, np.array(0.1f)));
        float w1 = 3f - 6f * 0.1f;
        Assert.That(Run(s, w)[0], Is.EqualTo(w1));
        s.run(train, (lr, np.array(0.0f)));
        Assert.That(Run(s, w)[0], Is.EqualTo(w1));
        // A learning rate fed with several values: TF's kernel check, at run time.
        var e = Assert.Throws<InvalidArgumentError>(() => s.run(train, (lr, np.array(new[] { 0.1f, 0.2f }))))!;
        Assert.That(e.Message, Does.Contain("alpha is not a scalar").And.Contain("[2]"));
    }

    [Test]
    public void DecayedLearningRateWithGlobalStep()
    {
        var w = tf.Variable(new[] { 3f }, name: "w");
        var step = tf.Variable(0, trainable: false, name: "global_step");
        var lr = tf.train.exponential_decay(0.1, step, decay_steps: 2, decay_rate: 0.5, staircase: true);
        var train = tf.train.GradientDescentOptimizer(lr).minimize(tf.reduce_sum(tf.square(w)), global_step: step);
        using var s = tf.Session();
        s.run(tf.global_variables_initializer());
        float expectW = 3f;
        for (int i = 0; i < 4; i++)
        {
            float rate = 0.1f * MathF.Pow(0.5f, MathF.Floor(i / 2f));
            Assert.That((float)s.run(lr), Is.EqualTo(rate), $"step {i}");
            s.run(train);
            // The update reads the rate of the step before the increment (TF: assign_add after the update).
            expectW = expectW - 2f * expectW * rate;
            Assert.That(Run(s, w)[0], Is.EqualTo(expectW), $"step {i}");
            Assert.That((int)s.run(step), Is.EqualTo(i + 1));
        }
    }

    [Test]
    public void VariableAsLearningRate()
    {
        var w = tf.Variable(new[] { 3f }, name: "w");
        var rate = tf.Variable(0.25f, trainable: false, name: "rate");
        var train = new GradientDescentOptimizer(rate).minimize(tf.reduce_sum(tf.square(w)), var_list: [w]);
        using var s = tf.Session();
        s.run(tf.global_variables_initializer());
        s.run(train);
        Assert.That(Run(s, w)[0], Is.EqualTo(3f - 6f * 0.25f));
    }

    // --- exponential_decay and inverse_time_decay (learning_rate_decay_test.py) ---

    [Test]
    public void ExponentialDecayContinuousAndStaircase()
    {
        var step = tf.Variable(5, trainable: false, name: "step");
        var lr = tf.train.exponential_decay(0.05, step, 10, 0.96);
        var stair = tf.train.exponential_decay(0.1, step, 3, 0.96, staircase: true);
        using var s = tf.Session();
        s.run(tf.global_variables_initializer());
        // TF's test: .05 * 0.96 ** (5.0 / 10.0), within 1e-6.
        Assert.That((float)s.run(lr), Is.EqualTo(0.05 * Math.Pow(0.96, 0.5)).Within(1e-6));
        Assert.That((float)s.run(lr), Is.EqualTo(0.05f * MathF.Pow(0.96f, 5f / 10f)));
        Assert.That(lr.dtype, Is.EqualTo(tf.float32));
        foreach (var (k, expected) in new[] { (1, 0.1), (2, 0.1), (100, 0.1 * Math.Pow(0.96, 100 / 3)) })
        {
            s.run(tf.assign(step, k));
            Assert.That((float)s.run(stair), Is.EqualTo(expected).Within(1e-6), $"step {k}");
        }
    }

    [Test]
    public void InverseTimeDecay()
    {
        var step = tf.Variable(0, trainable: false, name: "step");
        var lr = tf.train.inverse_time_decay(0.1, step, 10, 0.5);
        var stair = tf.train.inverse_time_decay(0.1, step, 10, 0.5, staircase: true);
        using var s = tf.Session();
        s.run(tf.global_variables_initializer());
        foreach (var k in new[] { 0, 5, 10, 25 })
        {
            s.run(tf.assign(step, k));
            Assert.That((float)s.run(lr), Is.EqualTo(0.1f / (1f + 0.5f * (k / 10f))), $"step {k}");
            Assert.That((float)s.run(stair), Is.EqualTo(0.1f / (1f + 0.5f * MathF.Floor(k / 10f))), $"step {k}");
        }
    }

    [Test]
    public void PiecewiseConstant()
    {
        var step = tf.train.get_or_create_global_step();
        // Python ints for an int64 step: cast as TF 1.15 does.
        var lr = tf.train.piecewise_constant(step, new object[] { 10, 20 }, new object[] { 1.0, 0.5, 0.1 });
        Assert.That(lr.dtype, Is.EqualTo(tf.float32));
        using var s = tf.Session();
        s.run(tf.global_variables_initializer());
        foreach (var (k, expected) in new[] { (0L, 1.0f), (10L, 1.0f), (11L, 0.5f), (20L, 0.5f), (21L, 0.1f), (1000L, 0.1f) })
        {
            s.run(tf.assign(step, np.array(k)));
            Assert.That((float)s.run(lr), Is.EqualTo(expected), $"step {k}");
        }
        var e1 = Assert.Throws<ValueError>(() => tf.train.piecewise_constant(step, new object[] { 10 }, new object[] { 1.0 }))!;
        Assert.That(e1.Message, Does.Contain("should be 1 less"));
        var e2 = Assert.Throws<ValueError>(() => tf.train.piecewise_constant(tf.constant(1.0f), new object[] { 10 }, new object[] { 1.0, 0.5 }))!;
        Assert.That(e2.Message, Does.Contain("int32").And.Contain("float32"));
        var e3 = Assert.Throws<ValueError>(() => tf.train.piecewise_constant(step, new object[] { 10 }, new object[] { 1.0, 1 }))!;
        Assert.That(e3.Message, Does.Contain("same dtype"));
    }

    [Test]
    public void NaturalExpAndPolynomialDecay()
    {
        var step = tf.Variable(0, trainable: false, name: "step");
        var natural = tf.train.natural_exp_decay(0.1, step, 10, 0.5);
        var poly = tf.train.polynomial_decay(0.1, step, 10, end_learning_rate: 0.01, power: 2.0);
        var cyclic = tf.train.polynomial_decay(0.1, step, 10, end_learning_rate: 0.01, power: 1.0, cycle: true);
        using var s = tf.Session();
        s.run(tf.global_variables_initializer());
        foreach (var k in new[] { 0, 5, 10, 15, 30 })
        {
            s.run(tf.assign(step, k));
            float p = k / 10f;
            Assert.That((float)s.run(natural), Is.EqualTo(0.1f * MathF.Exp(-0.5f * p)).Within(1e-8), $"step {k}");
            // learning_rate_decay_test.py: (lr - end) * (1 - min(step, decay_steps) / decay_steps) ^ power + end.
            float pc = Math.Min(k, 10) / 10f;
            Assert.That((float)s.run(poly), Is.EqualTo((0.1f - 0.01f) * MathF.Pow(1f - pc, 2f) + 0.01f).Within(1e-8), $"step {k}");
            float steps = 10f * (k == 0 ? 1f : MathF.Ceiling(k / 10f));
            Assert.That((float)s.run(cyclic), Is.EqualTo((0.1f - 0.01f) * (1f - k / steps) + 0.01f).Within(1e-8), $"step {k}");
        }
    }

    [Test]
    public void DecayNeedsAGlobalStep()
    {
        var e = Assert.Throws<ValueError>(() => tf.train.exponential_decay(0.1, null!, 10, 0.9))!;
        Assert.That(e.Message, Does.Contain("global_step is required for exponential_decay"));
    }

    // --- global step ---

    [Test]
    public void GlobalStepIncrementsAfterEachUpdate()
    {
        var w = tf.Variable(new[] { 3f }, name: "w");
        var gs = tf.train.get_or_create_global_step();
        Assert.That(gs.op_name, Is.EqualTo("global_step"));
        Assert.That(gs.dtype, Is.EqualTo(tf.int64));
        Assert.That(gs.trainable, Is.False);
        Assert.That(tf.train.get_global_step(), Is.SameAs(gs));
        Assert.That(tf.train.get_or_create_global_step(), Is.SameAs(gs));
        var opt = tf.train.MomentumOptimizer(0.1, 0.9);
        var train = opt.minimize(tf.reduce_sum(tf.square(w)), global_step: gs);
        // TF: the returned op is the AssignAdd, named as the optimizer's scope, after the "update" group.
        Assert.That(train.type, Is.EqualTo("AssignAdd"));
        Assert.That(train.name, Is.EqualTo("Momentum"));
        using var s = tf.Session();
        s.run(tf.global_variables_initializer());
        for (int i = 1; i <= 3; i++)
        {
            s.run(train);
            Assert.That((long)s.run(gs).GetDouble(0), Is.EqualTo(i));
            Assert.That(tf.train.global_step(s, gs), Is.EqualTo(i));
        }
    }

    [Test]
    public void GlobalStepByNameAndApplyGradients()
    {
        Assert.That(tf.train.get_global_step(), Is.Null);
        var w = tf.Variable(new[] { 3f }, name: "w");
        using (tf.name_scope("outer"))
        {
            var gs = tf.Variable(0, trainable: false, name: "global_step");
            Assert.That(tf.train.get_global_step(), Is.Null, "TF looks up 'global_step:0' at the root");
        }
        var step = tf.Variable(0, trainable: false, name: "global_step");
        Assert.That(tf.train.get_global_step(), Is.SameAs(step));
        var e = Assert.Throws<ValueError>(() => tf.train.create_global_step())!;
        Assert.That(e.Message, Does.Contain("already exists"));
        var opt = tf.train.GradientDescentOptimizer(0.5);
        var gv = opt.compute_gradients(tf.reduce_sum(tf.square(w)));
        var apply = opt.apply_gradients(gv, global_step: step);
        using var s = tf.Session();
        s.run(tf.global_variables_initializer());
        s.run(apply);
        s.run(apply);
        Assert.That((int)s.run(step), Is.EqualTo(2));
        Assert.That(Run(s, w)[0], Is.EqualTo((3f - 6f * 0.5f) - 2f * (3f - 6f * 0.5f) * 0.5f));
    }

    [Test]
    public void GlobalStepMustBeAnIntegerScalar()
    {
        tf.Variable(1.5f, trainable: false, name: "global_step");
        var e = Assert.Throws<TypeError>(() => tf.train.get_global_step())!;
        Assert.That(e.Message, Does.Contain("does not have integer type").And.Contain("float32"));
    }

    // --- compute_gradients / apply_gradients ---

    [Test]
    public void ApplyGradientsSkipsNullGradients()
    {
        var w = tf.Variable(new[] { 3f }, name: "w");
        var unused = tf.Variable(new[] { 7f }, name: "unused");
        var opt = tf.train.MomentumOptimizer(0.1, 0.9);
        var gv = opt.compute_gradients(tf.reduce_sum(tf.square(w)));
        Assert.That(gv.Select(p => p.var), Is.EqualTo(new[] { w, unused }));
        Assert.That(gv[1].grad, Is.Null);
        var train = opt.apply_gradients(gv);
        Assert.That(opt.get_slot(unused, "momentum"), Is.Null, "TF makes slots only for variables with gradients");
        using var s = tf.Session();
        s.run(tf.global_variables_initializer());
        s.run(train);
        Assert.That(Run(s, w)[0], Is.EqualTo(3f - 6f * 0.1f));
        Assert.That(Run(s, unused)[0], Is.EqualTo(7f));
    }

    [Test]
    public void ApplyGradientsBadInput()
    {
        var w = tf.Variable(new[] { 3f, 4f }, name: "w");
        var opt = tf.train.GradientDescentOptimizer(0.1);
        var e1 = Assert.Throws<ValueError>(() => opt.apply_gradients(new (Tensor?, Variable)[] { (null, w) }))!;
        Assert.That(e1.Message, Does.StartWith("No gradients provided for any variable").And.Contain("w:0"));
        Assert.Throws<ValueError>(() => opt.apply_gradients(Array.Empty<(Tensor?, Variable)>()));
        var e2 = Assert.Throws<ValueError>(() => opt.apply_gradients(new (Tensor?, Variable)[] { (tf.constant(new[] { 1f, 2f, 3f }), w) }))!;
        Assert.That(e2.Message, Does.Contain("[3]").And.Contain("[2]").And.Contain("'w'"));
        var e3 = Assert.Throws<TypeError>(() => opt.apply_gradients(new (Tensor?, Variable)[] { (tf.constant(np.array(new[] { 1.0, 2.0 })), w) }))!;
        Assert.That(e3.Message, Does.Contain("float64").And.Contain("float32"));
        var e4 = Assert.Throws<ValueError>(() => opt.minimize(tf.cast(tf.reduce_sum(w), tf.int32)))!;
        Assert.That(e4.Message, Does.Contain("int32").And.Contain("loss"));
        var counter = tf.Variable(new[] { 1, 2 }, name: "counter");
        var e5 = Assert.Throws<ValueError>(() => opt.apply_gradients(new (Tensor?, Variable)[] { (tf.constant(new[] { 1, 1 }), counter) }))!;
        Assert.That(e5.Message, Does.Contain("int32").And.Contain("'counter'").And.Contain("float32 or float64"));
        // Bridge's Adam has a float32 kernel only: a float64 variable is a TypeError naming the op.
        var w64 = tf.Variable(tf.constant(np.array(new[] { 1.0 })), name: "w64");
        var e6 = Assert.Throws<TypeError>(() => tf.train.AdamOptimizer().apply_gradients(new (Tensor?, Variable)[] { (tf.constant(np.array(new[] { 0.5 })), w64) }))!;
        Assert.That(e6.Message, Does.Contain("ApplyAdam").And.Contain("float64").And.Contain("help:"));
    }

    [Test]
    public void LearningRateBadInput()
    {
        var w = tf.Variable(new[] { 3f }, name: "w");
        var loss = tf.reduce_sum(tf.square(w));
        var vector = Assert.Throws<ValueError>(() => tf.train.GradientDescentOptimizer(tf.constant(new[] { 0.1f, 0.2f })).minimize(loss))!;
        Assert.That(vector.Message, Does.Contain("tf.train.GradientDescentOptimizer").And.Contain("learning_rate must be a scalar").And.Contain("[2]"));
        var text = Assert.Throws<TypeError>(() => tf.train.MomentumOptimizer(tf.constant("fast"), 0.9).minimize(loss))!;
        Assert.That(text.Message, Does.Contain("tf.train.MomentumOptimizer").And.Contain("string"));
        var momentum = Assert.Throws<ValueError>(() => tf.train.MomentumOptimizer(0.1, tf.constant(new[] { 0.9f, 0.9f })).minimize(loss))!;
        Assert.That(momentum.Message, Does.Contain("momentum must be a scalar"));
        Assert.Throws<TypeError>(() => LearningRate.FromObject("fast"));
        var flag = Assert.Throws<TypeError>(() => tf.train.GradientDescentOptimizer(tf.constant(true)).minimize(loss))!;
        Assert.That(flag.Message, Does.Contain("bool").And.Contain("must be a number"));
        // A float64 rate is cast to the variable's dtype, as TF's math_ops.cast; an int rate too.
        var train = tf.train.GradientDescentOptimizer(tf.constant(np.array(0.5))).minimize(loss);
        using var s = tf.Session();
        s.run(tf.global_variables_initializer());
        s.run(train);
        Assert.That(Run(s, w)[0], Is.EqualTo(3f - 6f * 0.5f));
    }

    [Test]
    public void NegativeLearningRateIsNotCheckedAsTf()
    {
        var w = tf.Variable(new[] { 3f }, name: "w");
        var train = tf.train.GradientDescentOptimizer(-0.1).minimize(tf.reduce_sum(tf.square(w)));
        using var s = tf.Session();
        s.run(tf.global_variables_initializer());
        s.run(train);
        Assert.That(Run(s, w)[0], Is.EqualTo(3f - 6f * -0.1f));
    }
}
