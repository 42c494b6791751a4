#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 7 Linear regression with min-max scaling (hunkim/DeepLearningZeroToAll, lab-07-3-linear_regression_min_max.py).
// The learning rate is still 1e-5, as in the original, so the cost barely moves (0.15230925 to 0.15225402).
using Bridge;
using static Bridge.Binding;

// The recorded output is from 2019 (numpy >= 1.14): modern printing, the default.

tf.set_random_seed(777);  // for reproducibility

NDArray min_max_scaler(NDArray data)
{
    var numerator = data - np.min(data, 0);
    var denominator = np.max(data, 0) - np.min(data, 0);
    // noise term prevents the zero division
    return numerator / (denominator + 1e-7);
}

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

// very important. It does not work without it.
xy = min_max_scaler(xy);
print(xy);

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
var train = tf.train.GradientDescentOptimizer(learning_rate: 1e-5f).minimize(cost);

using (var sess = tf.Session())
{
    // Initialize TensorFlow variables
    sess.run(tf.global_variables_initializer());

    foreach (var step in range(101))
    {
        var (_, cost_val, hy_val) = sess.run((train, cost, hypothesis), (X, x_data), (Y, y_data));
        print(step, "Cost: ", cost_val, "\nPrediction:\n", hy_val);
    }
}
