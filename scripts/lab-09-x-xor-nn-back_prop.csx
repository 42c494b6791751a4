#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 9 XOR with hand-written back propagation (hunkim/DeepLearningZeroToAll, lab-09-x-xor-nn-back_prop.py):
// the 2-2-1 network of lab 9-2, trained by tf.assign with gradients written out, no optimizer.
using Bridge;
using static Bridge.Binding;

// Recorded in 2017 with numpy < 1.14: print in that style.
np.set_printoptions(legacy: "1.13");

tf.set_random_seed(777);  // for reproducibility
var learning_rate = 0.1;

var x_data = np.array(new[,] { { 0, 0 },
                               { 0, 1 },
                               { 1, 0 },
                               { 1, 1 } }, dtype: np.float32);
var y_data = np.array(new[,] { { 0 },
                               { 1 },
                               { 1 },
                               { 0 } }, dtype: np.float32);

var X = tf.placeholder(tf.float32, new[] { -1, 2 });
var Y = tf.placeholder(tf.float32, new[] { -1, 1 });

var W1 = tf.Variable(tf.random_normal(new[] { 2, 2 }), name: "weight1");
var b1 = tf.Variable(tf.random_normal(new[] { 2 }), name: "bias1");
var l1 = tf.sigmoid(tf.matmul(X, W1) + b1);

var W2 = tf.Variable(tf.random_normal(new[] { 2, 1 }), name: "weight2");
var b2 = tf.Variable(tf.random_normal(new[] { 1 }), name: "bias2");
var Y_pred = tf.sigmoid(tf.matmul(l1, W2) + b2);

// cost/loss function
var cost = -tf.reduce_mean(Y * tf.log(Y_pred) + (1 - Y) *
                           tf.log(1 - Y_pred));

// Network
//          p1     a1           l1     p2     a2           l2 (y_pred)
// X -> (*) -> (+) -> (sigmoid) -> (*) -> (+) -> (sigmoid) -> (loss)
//       ^      ^                   ^      ^
//       |      |                   |      |
//       W1     b1                  W2     b2

// Loss derivative
var d_Y_pred = (Y_pred - Y) / (Y_pred * (1.0 - Y_pred) + 1e-7);

// Layer 2
var d_sigma2 = Y_pred * (1 - Y_pred);
var d_a2 = d_Y_pred * d_sigma2;
var d_p2 = d_a2;
var d_b2 = d_a2;
var d_W2 = tf.matmul(tf.transpose(l1), d_p2);

// Mean
var d_b2_mean = tf.reduce_mean(d_b2, axis: new[] { 0 });
var d_W2_mean = d_W2 / tf.cast(tf.shape(l1)[0], dtype: tf.float32);

// Layer 1
var d_l1 = tf.matmul(d_p2, tf.transpose(W2));
var d_sigma1 = l1 * (1 - l1);
var d_a1 = d_l1 * d_sigma1;
var d_b1 = d_a1;
var d_p1 = d_a1;
var d_W1 = tf.matmul(tf.transpose(X), d_a1);

// Mean
var d_W1_mean = d_W1 / tf.cast(tf.shape(X)[0], dtype: tf.float32);
var d_b1_mean = tf.reduce_mean(d_b1, axis: new[] { 0 });

// Weight update
var step = new[]
{
    tf.assign(W2, W2 - learning_rate * d_W2_mean),
    tf.assign(b2, b2 - learning_rate * d_b2_mean),
    tf.assign(W1, W1 - learning_rate * d_W1_mean),
    tf.assign(b1, b1 - learning_rate * d_b1_mean),
};

// Accuracy computation
// True if hypothesis > 0.5 else False
var predicted = tf.cast(Y_pred > 0.5, dtype: tf.float32);
var accuracy = tf.reduce_mean(tf.cast(tf.equal(predicted, Y), dtype: tf.float32));

// Launch graph
using (var sess = tf.Session())
{
    // Initialize TensorFlow variables
    sess.run(tf.global_variables_initializer());

    print("shape", sess.run(tf.shape(X)[0], (X, x_data)));

    foreach (var i in range(10001))
    {
        sess.run(new object[] { step, cost }, (X, x_data), (Y, y_data));
        if (i % 1000 == 0)
            print(i, sess.run(new[] { cost, d_W1 }, (X, x_data), (Y, y_data)), sess.run(new[] { W1, W2 }));
    }

    // Accuracy report
    var (h, c, a) = sess.run((Y_pred, predicted, accuracy), (X, x_data), (Y, y_data));
    print("\nHypothesis: ", h, "\nCorrect: ", c, "\nAccuracy: ", a);
}
