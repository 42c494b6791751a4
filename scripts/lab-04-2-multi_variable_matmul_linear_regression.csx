#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 4 Multi-variable linear regression with matmul (hunkim/DeepLearningZeroToAll,
// lab-04-2-multi_variable_matmul_linear_regression.py). The file's record is from its version before 2017-03-13,
// which printed the cost and prediction after the update:
// scripts/versions/lab-04-2-multi_variable_matmul_linear_regression@042d21d.csx reproduces it.
using Bridge;
using static Bridge.Binding;

tf.set_random_seed(777);  // for reproducibility

var x_data = new[,] { { 73.0, 80.0, 75.0 },
                      { 93.0, 88.0, 93.0 },
                      { 89.0, 91.0, 90.0 },
                      { 96.0, 98.0, 100.0 },
                      { 73.0, 66.0, 70.0 } };
var y_data = new[,] { { 152.0 },
                      { 185.0 },
                      { 180.0 },
                      { 196.0 },
                      { 142.0 } };

// placeholders for a tensor that will be always fed.
var X = tf.placeholder(tf.float32, shape: new[] { -1, 3 });
var Y = tf.placeholder(tf.float32, shape: new[] { -1, 1 });

var W = tf.Variable(tf.random_normal(new[] { 3, 1 }), name: "weight");
var b = tf.Variable(tf.random_normal(new[] { 1 }), name: "bias");

// Hypothesis
var hypothesis = tf.matmul(X, W) + b;

// Simplified cost/loss function
var cost = tf.reduce_mean(tf.square(hypothesis - Y));

// Minimize
var optimizer = tf.train.GradientDescentOptimizer(learning_rate: 1e-5f);
var train = optimizer.minimize(cost);

// Launch the graph in a session.
var sess = tf.Session();
// Initializes global variables in the graph.
sess.run(tf.global_variables_initializer());

foreach (var step in range(2001))
{
    var (cost_val, hy_val, _) = sess.run((cost, hypothesis, train), (X, x_data), (Y, y_data));
    if (step % 10 == 0)
        print(step, "Cost: ", cost_val, "\nPrediction:\n", hy_val);
}
