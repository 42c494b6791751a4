#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 2 Linear Regression with placeholders (hunkim/DeepLearningZeroToAll, lab-02-2-linear_regression_feed.py).
// The file's record is from 2019: a TF build that returned W and b from before the run's update, where TF 1.0 (and
// Bridge) return them after (issue 16); its costs and test predictions are TF 1.0's.
using Bridge;
using static Bridge.Binding;

tf.set_random_seed(777);  // for reproducibility

// Try to find values for W and b to compute Y = W * X + b
var W = tf.Variable(tf.random_normal(new[] { 1 }), name: "weight");
var b = tf.Variable(tf.random_normal(new[] { 1 }), name: "bias");

// placeholders for a tensor that will be always fed using feed_dict
// See http://stackoverflow.com/questions/36693740/
var X = tf.placeholder(tf.float32, shape: new[] { -1 });
var Y = tf.placeholder(tf.float32, shape: new[] { -1 });

// Our hypothesis is X * W + b
var hypothesis = X * W + b;

// cost/loss function
var cost = tf.reduce_mean(tf.square(hypothesis - Y));

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
        var (_, cost_val, W_val, b_val) = sess.run((train, cost, W, b), (X, new[] { 1, 2, 3 }), (Y, new[] { 1, 2, 3 }));
        if (step % 20 == 0)
            print(step, cost_val, W_val, b_val);
    }

    // Testing our model
    print(sess.run(hypothesis, (X, new[] { 5 })));
    print(sess.run(hypothesis, (X, new[] { 2.5 })));
    print(sess.run(hypothesis, (X, new[] { 1.5, 3.5 })));

    // Learns best fit W:[ 1.],  b:[ 0]

    // Fit the line with new training data
    foreach (var step in range(2001))
    {
        var (_, cost_val, W_val, b_val) = sess.run((train, cost, W, b),
            (X, new[] { 1, 2, 3, 4, 5 }), (Y, new[] { 2.1, 3.1, 4.1, 5.1, 6.1 }));
        if (step % 20 == 0)
            print(step, cost_val, W_val, b_val);
    }

    // Testing our model
    print(sess.run(hypothesis, (X, new[] { 5 })));
    print(sess.run(hypothesis, (X, new[] { 2.5 })));
    print(sess.run(hypothesis, (X, new[] { 1.5, 3.5 })));

    // Learns best fit W:[ 1.],  b:[ 1.1]
}
