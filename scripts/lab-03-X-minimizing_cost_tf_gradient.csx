#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 3 Minimizing Cost with compute_gradients / apply_gradients (optional; hunkim/DeepLearningZeroToAll,
// lab-03-X-minimizing_cost_tf_gradient.py). The file's record is from 2019: a TF build that returned W from before the
// run's update, where TF 1.0 (and Bridge) return it after (issue 16). Its 2017 version printed before each update:
// scripts/versions/lab-03-X-minimizing_cost_tf_gradient@fc9566f.csx reproduces that record.
using Bridge;
using static Bridge.Binding;

// tf Graph Input
var X = new[] { 1, 2, 3 };
var Y = new[] { 1, 2, 3 };

// Set wrong model weights
var W = tf.Variable(5.0);

// Linear model
var hypothesis = X * W;

// Manual gradient
var gradient = tf.reduce_mean((W * X - Y) * X) * 2;

// cost/loss function
var cost = tf.reduce_mean(tf.square(hypothesis - Y));

// Minimize: Gradient Descent Optimizer
var optimizer = tf.train.GradientDescentOptimizer(learning_rate: 0.01f);

// Get gradients
var gvs = optimizer.compute_gradients(cost);

// Optional: modify gradient if necessary
// gvs = gvs.Select(gv => (tf.clip_by_value(gv.Item1, -1.0, 1.0), gv.Item2)).ToList();

// Apply gradients
var apply_gradients = optimizer.apply_gradients(gvs);

// Launch the graph in a session.
using (var sess = tf.Session())
{
    // Initializes global variables in the graph.
    sess.run(tf.global_variables_initializer());

    foreach (var step in range(101))
    {
        var (gradient_val, gvs_val, _) = sess.run((gradient, gvs, apply_gradients));
        print(step, gradient_val, gvs_val);
    }
}
