#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 3 Minimizing Cost by hand-written gradient descent (hunkim/DeepLearningZeroToAll,
// lab-03-2-minimizing_cost_gradient_update.py). The file's record is from its 2017 version, which printed the cost
// after the update: scripts/versions/lab-03-2-minimizing_cost_gradient_update@3342326.csx reproduces it.
using Bridge;
using static Bridge.Binding;

tf.set_random_seed(777);  // for reproducibility

var x_data = new[] { 1, 2, 3 };
var y_data = new[] { 1, 2, 3 };

// Try to find values for W and b to compute y_data = W * x_data
// We know that W should be 1
// But let's use TensorFlow to figure it out
var W = tf.Variable(tf.random_normal(new[] { 1 }), name: "weight");

var X = tf.placeholder(tf.float32);
var Y = tf.placeholder(tf.float32);

// Our hypothesis for linear model X * W
var hypothesis = X * W;

// cost/loss function
var cost = tf.reduce_mean(tf.square(hypothesis - Y));

// Minimize: Gradient Descent using derivative: W -= learning_rate * derivative
var learning_rate = 0.1;
var gradient = tf.reduce_mean((W * X - Y) * X);
var descent = W - learning_rate * gradient;
var update = W.assign(descent);

// Launch the graph in a session.
using (var sess = tf.Session())
{
    // Initializes global variables in the graph.
    sess.run(tf.global_variables_initializer());

    foreach (var step in range(21))
    {
        var (_, cost_val, W_val) = sess.run((update, cost, W), (X, x_data), (Y, y_data));
        print(step, cost_val, W_val);
    }
}
