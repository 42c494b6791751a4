#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 3 Minimizing Cost by hand-written gradient descent as of hunkim/DeepLearningZeroToAll commit 3342326
// (2017-06-09), the version whose output the file still records: the cost and W are fetched after each update.
using Bridge;
using static Bridge.Binding;

// Recorded in 2017 with numpy < 1.14: print in that style.
np.set_printoptions(legacy: "1.13");

tf.set_random_seed(777);  // for reproducibility

var x_data = new[] { 1, 2, 3 };
var y_data = new[] { 1, 2, 3 };

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
var sess = tf.Session();
// Initializes global variables in the graph.
sess.run(tf.global_variables_initializer());

foreach (var step in range(21))
{
    sess.run(update, (X, x_data), (Y, y_data));
    print(step, sess.run(cost, (X, x_data), (Y, y_data)), sess.run(W));
}
