#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 3 Minimizing Cost with TF's optimizer (hunkim/DeepLearningZeroToAll, lab-03-3-minimizing_cost_tf_optimizer.py).
// The file's record is from 2019: a TF build that returned W from before the run's update (0 5.0), where TF 1.0 (and
// Bridge) return it after (issue 16). Its 2017 version printed W before each update:
// scripts/versions/lab-03-3-minimizing_cost_tf_optimizer@e95258a.csx reproduces that record.
using Bridge;
using static Bridge.Binding;

// tf Graph Input
var X = new[] { 1, 2, 3 };
var Y = new[] { 1, 2, 3 };

// Set wrong model weights
var W = tf.Variable(5.0);

// Linear model
var hypothesis = X * W;

// cost/loss function
var cost = tf.reduce_mean(tf.square(hypothesis - Y));

// Minimize: Gradient Descent Optimizer
var train = tf.train.GradientDescentOptimizer(learning_rate: 0.1f).minimize(cost);

// Launch the graph in a session.
using (var sess = tf.Session())
{
    // Initializes global variables in the graph.
    sess.run(tf.global_variables_initializer());

    foreach (var step in range(101))
    {
        var (_, W_val) = sess.run((train, W));
        print(step, W_val);
    }
}
