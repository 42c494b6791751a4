#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 5 Logistic Regression Classifier on the diabetes data (hunkim/DeepLearningZeroToAll,
// lab-05-2-logistic_regression_diabetes.py). Argument: the folder holding data-03-diabetes.csv (default: the current
// one, as the original reads it).
using Bridge;
using static Bridge.Binding;

// Recorded in 2017 with numpy < 1.14: print in that style.
np.set_printoptions(legacy: "1.13");

tf.set_random_seed(777);  // for reproducibility

var folder = Args.Count > 0 ? Args[0] : ".";
var xy = np.loadtxt(Path.Combine(folder, "data-03-diabetes.csv"), delimiter: ",", dtype: np.float32);
var x_data = xy[.., 0..^1];
var y_data = xy[.., new[] { -1 }];

print(x_data.shape, y_data.shape);

// placeholders for a tensor that will be always fed.
var X = tf.placeholder(tf.float32, shape: new[] { -1, 8 });
var Y = tf.placeholder(tf.float32, shape: new[] { -1, 1 });

var W = tf.Variable(tf.random_normal(new[] { 8, 1 }), name: "weight");
var b = tf.Variable(tf.random_normal(new[] { 1 }), name: "bias");

// Hypothesis using sigmoid: tf.div(1., 1. + tf.exp(-tf.matmul(X, W)))
var hypothesis = tf.sigmoid(tf.matmul(X, W) + b);

// cost/loss function
var cost = -tf.reduce_mean(Y * tf.log(hypothesis) + (1 - Y) *
                           tf.log(1 - hypothesis));

var train = tf.train.GradientDescentOptimizer(learning_rate: 0.01).minimize(cost);

// Accuracy computation
// True if hypothesis>0.5 else False
var predicted = tf.cast(hypothesis > 0.5, dtype: tf.float32);
var accuracy = tf.reduce_mean(tf.cast(tf.equal(predicted, Y), dtype: tf.float32));

// Launch graph
using (var sess = tf.Session())
{
    // Initialize TensorFlow variables
    sess.run(tf.global_variables_initializer());

    foreach (var step in range(10001))
    {
        var (cost_val, _) = sess.run((cost, train), (X, x_data), (Y, y_data));
        if (step % 200 == 0)
            print(step, cost_val);
    }

    // Accuracy report
    var (h, c, a) = sess.run((hypothesis, predicted, accuracy), (X, x_data), (Y, y_data));
    print("\nHypothesis: ", h, "\nCorrect (Y): ", c, "\nAccuracy: ", a);
}
