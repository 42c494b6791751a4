#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 2 Linear Regression (hunkim/DeepLearningZeroToAll, lab-02-1-linear_regression.py).
// The file's record is from its 2017 version, which fetched the cost after the update:
// scripts/versions/lab-02-1-linear_regression@3a22256.csx reproduces it.
using Bridge;
using static Bridge.Binding;

tf.set_random_seed(777);  // for reproducibility

// X and Y data
var x_train = new[] { 1, 2, 3 };
var y_train = new[] { 1, 2, 3 };

// Try to find values for W and b to compute y_data = x_data * W + b
// We know that W should be 1 and b should be 0
// But let TensorFlow figure it out
var W = tf.Variable(tf.random_normal(new[] { 1 }), name: "weight");
var b = tf.Variable(tf.random_normal(new[] { 1 }), name: "bias");

// Our hypothesis XW+b
var hypothesis = x_train * W + b;

// cost/loss function
var cost = tf.reduce_mean(tf.square(hypothesis - y_train));

// optimizer
var train = tf.train.GradientDescentOptimizer(learning_rate: 0.01f).minimize(cost);

// Launch the graph in a session.
using (var sess = tf.Session())
{
    // Initializes global variables in the graph.
    sess.run(tf.global_variables_initializer());

    // Fit the line
    foreach (var step in range(2001))
    {
        var (_, cost_val, W_val, b_val) = sess.run((train, cost, W, b));

        if (step % 20 == 0)
            print(step, cost_val, W_val, b_val);
    }
}

// Learns best fit W:[ 1.],  b:[ 0.]
