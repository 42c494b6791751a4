#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 9 XOR with TensorBoard (hunkim/DeepLearningZeroToAll, lab-09-4-xor_tensorboard.py): Adam, name scopes,
// summaries. Event files go to ./logs/xor_logs_r0_01 (or the folder given as the first argument):
//   tensorboard --logdir=./logs/xor_logs_r0_01
using Bridge;
using static Bridge.Binding;

// Recorded in 2019 (numpy >= 1.14): modern printing, the default.

tf.set_random_seed(777);  // for reproducibility

var logdir = Args.Count > 0 ? Args[0] : "./logs/xor_logs_r0_01";

var x_data = np.array(new[,] { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } }, dtype: np.float32);
var y_data = np.array(new[,] { { 0 }, { 1 }, { 1 }, { 0 } }, dtype: np.float32);

var X = tf.placeholder(tf.float32, new[] { -1, 2 }, name: "x");
var Y = tf.placeholder(tf.float32, new[] { -1, 1 }, name: "y");

Variable W1, b1, W2, b2;
Tensor layer1, hypothesis, cost;
Operation train;

using (tf.name_scope("Layer1"))
{
    W1 = tf.Variable(tf.random_normal(new[] { 2, 2 }), name: "weight_1");
    b1 = tf.Variable(tf.random_normal(new[] { 2 }), name: "bias_1");
    layer1 = tf.sigmoid(tf.matmul(X, W1) + b1);

    tf.summary.histogram("W1", W1);
    tf.summary.histogram("b1", b1);
    tf.summary.histogram("Layer1", layer1);
}

using (tf.name_scope("Layer2"))
{
    W2 = tf.Variable(tf.random_normal(new[] { 2, 1 }), name: "weight_2");
    b2 = tf.Variable(tf.random_normal(new[] { 1 }), name: "bias_2");
    hypothesis = tf.sigmoid(tf.matmul(layer1, W2) + b2);

    tf.summary.histogram("W2", W2);
    tf.summary.histogram("b2", b2);
    tf.summary.histogram("Hypothesis", hypothesis);
}

// cost/loss function
using (tf.name_scope("Cost"))
{
    cost = -tf.reduce_mean(Y * tf.log(hypothesis) + (1 - Y) * tf.log(1 - hypothesis));
    tf.summary.scalar("Cost", cost);
}

using (tf.name_scope("Train"))
{
    train = tf.train.AdamOptimizer(learning_rate: 0.01f).minimize(cost);
}

// Accuracy computation
// True if hypothesis>0.5 else False
var predicted = tf.cast(hypothesis > 0.5, dtype: tf.float32);
var accuracy = tf.reduce_mean(tf.cast(tf.equal(predicted, Y), dtype: tf.float32));
tf.summary.scalar("accuracy", accuracy);

// Launch graph
using (var sess = tf.Session())
{
    // tensorboard --logdir=./logs/xor_logs
    var merged_summary = tf.summary.merge_all()!;
    using var writer = tf.summary.FileWriter(logdir);
    writer.add_graph(sess.graph);  // Show the graph

    // Initialize TensorFlow variables
    sess.run(tf.global_variables_initializer());

    foreach (var step in range(10001))
    {
        var (_, summary, cost_val) = sess.run((train, merged_summary, cost), (X, x_data), (Y, y_data));
        writer.add_summary(summary!, global_step: step);

        if (step % 100 == 0)
            print(step, cost_val);
    }

    // Accuracy report
    var (h, p, a) = sess.run((hypothesis, predicted, accuracy), (X, x_data), (Y, y_data));
    print($"\nHypothesis:\n{h} \nPredicted:\n{p} \nAccuracy:\n{a}");
}
