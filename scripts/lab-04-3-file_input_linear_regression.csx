#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 4 Multi-variable linear regression from a CSV file (hunkim/DeepLearningZeroToAll,
// lab-04-3-file_input_linear_regression.py). Argument: the folder holding data-01-test-score.csv (default: the
// current one, as the original reads it). The file's record mixes a 2019 training output (a later TF: issue 16) with
// the 2017 (TF 1.0) predictions at the end, which Bridge prints.
using Bridge;
using static Bridge.Binding;

tf.set_random_seed(777);  // for reproducibility

var folder = Args.Count > 0 ? Args[0] : ".";
var xy = np.loadtxt(Path.Combine(folder, "data-01-test-score.csv"), delimiter: ",", dtype: np.float32);
var x_data = xy[.., 0..^1];
var y_data = xy[.., new[] { -1 }];

// Make sure the shape and data are OK
print(x_data, "\nx_data shape:", x_data.shape);
print(y_data, "\ny_data shape:", y_data.shape);

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
var optimizer = tf.train.GradientDescentOptimizer(learning_rate: 1e-5);
var train = optimizer.minimize(cost);

// Launch the graph in a session.
var sess = tf.Session();
// Initializes global variables in the graph.
sess.run(tf.global_variables_initializer());

foreach (var step in range(2001))
{
    var (cost_val, hy_val, _) = sess.run((cost, hypothesis, train), (X, x_data), (Y, y_data));
    if (step % 10 == 0)
        print(step, "Cost:", cost_val, "\nPrediction:\n", hy_val);
}

// Ask my score
print("Your score will be ", sess.run(hypothesis, (X, new[,] { { 100, 70, 101 } })));

print("Other scores will be ", sess.run(hypothesis, (X, new[,] { { 60, 70, 110 }, { 90, 100, 80 } })));
