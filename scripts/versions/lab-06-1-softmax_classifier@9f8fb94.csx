#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 6 Softmax Classifier as of hunkim/DeepLearningZeroToAll commit 9f8fb94 (2017-10-05), the version whose 2017
// record (the test predictions) the file kept until 2019: the cost is fetched after each update.
using Bridge;
using static Bridge.Binding;

// Recorded in 2017 with numpy < 1.14: print in that style.
np.set_printoptions(legacy: "1.13");

tf.set_random_seed(777);  // for reproducibility

var x_data = new[,] { { 1, 2, 1, 1 }, { 2, 1, 3, 2 }, { 3, 1, 3, 4 }, { 4, 1, 5, 5 },
                      { 1, 7, 5, 5 }, { 1, 2, 5, 6 }, { 1, 6, 6, 6 }, { 1, 7, 7, 7 } };
var y_data = new[,] { { 0, 0, 1 }, { 0, 0, 1 }, { 0, 0, 1 }, { 0, 1, 0 },
                      { 0, 1, 0 }, { 0, 1, 0 }, { 1, 0, 0 }, { 1, 0, 0 } };

var X = tf.placeholder("float", new[] { -1, 4 });
var Y = tf.placeholder("float", new[] { -1, 3 });
var nb_classes = 3;

var W = tf.Variable(tf.random_normal(new[] { 4, nb_classes }), name: "weight");
var b = tf.Variable(tf.random_normal(new[] { nb_classes }), name: "bias");

// tf.nn.softmax computes softmax activations
// softmax = exp(logits) / reduce_sum(exp(logits), dim)
var hypothesis = tf.nn.softmax(tf.matmul(X, W) + b);

// Cross entropy cost/loss
var cost = tf.reduce_mean(-tf.reduce_sum(Y * tf.log(hypothesis), axis: 1));

var optimizer = tf.train.GradientDescentOptimizer(learning_rate: 0.1).minimize(cost);

// Launch graph
using (var sess = tf.Session())
{
    sess.run(tf.global_variables_initializer());

    foreach (var step in range(2001))
    {
        sess.run(optimizer, (X, x_data), (Y, y_data));
        if (step % 200 == 0)
            print(step, sess.run(cost, (X, x_data), (Y, y_data)));
    }

    print("--------------");

    // Testing & One-hot encoding
    var a = sess.run(hypothesis, (X, new[,] { { 1, 11, 7, 9 } }));
    print(a, sess.run(tf.argmax(a, 1)));

    print("--------------");

    var b_ = sess.run(hypothesis, (X, new[,] { { 1, 3, 4, 3 } }));  // b is the bias above (Python rebinds it)
    print(b_, sess.run(tf.argmax(b_, 1)));

    print("--------------");

    var c = sess.run(hypothesis, (X, new[,] { { 1, 1, 0, 1 } }));
    print(c, sess.run(tf.argmax(c, 1)));

    print("--------------");

    var all = sess.run(hypothesis, (X, new[,] { { 1, 11, 7, 9 }, { 1, 3, 4, 3 }, { 1, 1, 0, 1 } }));
    print(all, sess.run(tf.argmax(all, 1)));
}
