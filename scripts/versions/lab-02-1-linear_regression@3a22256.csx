#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 2 Linear Regression as of hunkim/DeepLearningZeroToAll commit 3a22256 (2017-02-27), the version whose output
// the file still records: it fetches the cost, W and b in separate runs after each update.
using Bridge;
using static Bridge.Binding;

// Recorded in 2017 with numpy < 1.14: print in that style.
np.set_printoptions(legacy: "1.13");

tf.set_random_seed(777);  // for reproducibility

// X and Y data
var x_train = new[] { 1, 2, 3 };
var y_train = new[] { 1, 2, 3 };

var W = tf.Variable(tf.random_normal(new[] { 1 }), name: "weight");
var b = tf.Variable(tf.random_normal(new[] { 1 }), name: "bias");

// Our hypothesis XW+b
var hypothesis = x_train * W + b;

// cost/loss function
var cost = tf.reduce_mean(tf.square(hypothesis - y_train));

// Minimize
var optimizer = tf.train.GradientDescentOptimizer(learning_rate: 0.01f);
var train = optimizer.minimize(cost);

// Launch the graph in a session.
var sess = tf.Session();
// Initializes global variables in the graph.
sess.run(tf.global_variables_initializer());

// Fit the line
foreach (var step in range(2001))
{
    sess.run(train);
    if (step % 20 == 0)
        print(step, sess.run(cost), sess.run(W), sess.run(b));
}
