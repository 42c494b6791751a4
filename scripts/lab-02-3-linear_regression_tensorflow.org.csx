#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 2 Linear Regression as TensorFlow's getting-started guide tells it
// (hunkim/DeepLearningZeroToAll, lab-02-3-linear_regression_tensorflow.org.py). No random numbers: deterministic.
using Bridge;
using static Bridge.Binding;

// training data
var x_train = new[] { 1, 2, 3, 4 };
var y_train = new[] { 0, -1, -2, -3 };

// Model parameters (the original passes tf.float32 as tf.Variable's second positional argument, trainable, which
// is then true; C# says what it means)
var W = tf.Variable(new[] { 0.3 }, dtype: tf.float32);
var b = tf.Variable(new[] { -0.3 }, dtype: tf.float32);

// Model input and output
var x = tf.placeholder(tf.float32);
var y = tf.placeholder(tf.float32);

var hypothesis = x * W + b;

// cost/loss function
var cost = tf.reduce_sum(tf.square(hypothesis - y));  // sum of the squares

// optimizer
var train = tf.train.GradientDescentOptimizer(learning_rate: 0.01f).minimize(cost);

// training
using (var sess = tf.Session())
{
    sess.run(tf.global_variables_initializer());

    foreach (var step in range(1000))
        sess.run(train, (x, x_train), (y, y_train));

    // evaluate training accuracy
    var (W_val, b_val, cost_val) = sess.run((W, b, cost), (x, x_train), (y, y_train));
    // A Python f-string formats a fetched scalar as a Python float: {cost_val} prints 5.699973826267524e-11.
    print($"W: {W_val} b: {b_val} cost: {cost_val}");
}
