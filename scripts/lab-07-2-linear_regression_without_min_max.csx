#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 7 Linear regression without min-max scaling (hunkim/DeepLearningZeroToAll, lab-07-2-linear_regression_without_min_max.py).
// The unscaled stock data makes gradient descent diverge: the cost reaches inf at step 2 and nan at step 6, as recorded.
using Bridge;
using static Bridge.Binding;

// Recorded in 2017 with numpy < 1.14: print in that style.
np.set_printoptions(legacy: "1.13");

tf.set_random_seed(777);  // for reproducibility

// open, high, volume, low, close (inline in the lab; not the rows of data-02-stock_daily.csv)
var xy = np.array(new[,]
{
    { 828.659973, 833.450012, 908100, 828.349976, 831.659973 },
    { 823.02002, 828.070007, 1828100, 821.655029, 828.070007 },
    { 819.929993, 824.400024, 1438100, 818.97998, 824.159973 },
    { 816, 820.958984, 1008100, 815.48999, 819.23999 },
    { 819.359985, 823, 1188100, 818.469971, 818.97998 },
    { 819, 823, 1198100, 816, 820.450012 },
    { 811.700012, 815.25, 1098100, 809.780029, 813.669983 },
    { 809.51001, 816.659973, 1398100, 804.539978, 809.559998 },
});

var x_data = xy[.., 0..^1];
var y_data = xy[.., new[] { -1 }];

// placeholders for a tensor that will be always fed.
var X = tf.placeholder(tf.float32, shape: new[] { -1, 4 });
var Y = tf.placeholder(tf.float32, shape: new[] { -1, 1 });

var W = tf.Variable(tf.random_normal(new[] { 4, 1 }), name: "weight");
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

foreach (var step in range(101))
{
    var (cost_val, hy_val, _) = sess.run((cost, hypothesis, train), (X, x_data), (Y, y_data));
    print(step, "Cost: ", cost_val, "\nPrediction:\n", hy_val);
}
