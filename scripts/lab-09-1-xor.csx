#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 9 XOR (hunkim/DeepLearningZeroToAll, lab-09-1-xor.py): logistic regression cannot learn XOR.
using Bridge;
using static Bridge.Binding;

// Recorded in 2017 with numpy < 1.14: print in that style.
np.set_printoptions(legacy: "1.13");

tf.set_random_seed(777);  // for reproducibility

var x_data = np.array(new[,] { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } }, dtype: np.float32);
var y_data = np.array(new[,] { { 0 }, { 1 }, { 1 }, { 0 } }, dtype: np.float32);

var X = tf.placeholder(tf.float32, new[] { -1, 2 });
var Y = tf.placeholder(tf.float32, new[] { -1, 1 });

var W = tf.Variable(tf.random_normal(new[] { 2, 1 }), name: "weight");
var b = tf.Variable(tf.random_normal(new[] { 1 }), name: "bias");

// Hypothesis using sigmoid: tf.div(1., 1. + tf.exp(tf.matmul(X, W)))
var hypothesis = tf.sigmoid(tf.matmul(X, W) + b);

// cost/loss function
var cost = -tf.reduce_mean(Y * tf.log(hypothesis) + (1 - Y) * tf.log(1 - hypothesis));

var train = tf.train.GradientDescentOptimizer(learning_rate: 0.1f).minimize(cost);

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
        var (_, cost_val, w_val) = sess.run((train, cost, W), (X, x_data), (Y, y_data));
        if (step % 100 == 0)
            print(step, cost_val, w_val);
    }

    // Accuracy report
    var (h, c, a) = sess.run((hypothesis, predicted, accuracy), (X, x_data), (Y, y_data));
    print("\nHypothesis: ", h, "\nCorrect: ", c, "\nAccuracy: ", a);
}
