#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 13 Saver and Restore (hunkim/DeepLearningZeroToAll, lab-13-3-mnist_save_restore.py): a 5-layer ReLU net with
// Xavier weights, dropout and Adam, TensorBoard summaries, and a checkpoint saved after every epoch; run it again and
// it restores the newest checkpoint (with the last_epoch counter) and carries on where it stopped.
// Usage: bridge run scripts/lab-13-3-mnist_save_restore.csx [-- DATA_DIR] [--epochs N]
// DATA_DIR defaults to MNIST_data/ as in the original; --epochs N sets training_epochs (15 in the original).
// Checkpoints and event files go to ./tb/mnist2 (relative to the current folder, as in the original); delete it to
// start again.
using System;
using System.IO;
using Bridge;
using static Bridge.Binding;

var dataDir = "MNIST_data/";
int training_epochs = 15;
for (int a = 0; a < Args.Count; a++)
{
    if (Args[a] == "--epochs" && a + 1 < Args.Count) training_epochs = int.Parse(Args[++a], System.Globalization.CultureInfo.InvariantCulture);
    else if (Args[a].StartsWith("--")) throw new ArgumentException($"unknown option {Args[a]}: use --epochs N");
    else dataDir = Args[a];
}

tf.set_random_seed(777);  // reproducibility

var mnist = input_data.read_data_sets(dataDir, one_hot: true);
// Check out https://www.tensorflow.org/get_started/mnist/beginners for
// more information about the mnist dataset

// parameters
var learning_rate = 0.001;
var batch_size = 100;

var CHECK_POINT_DIR = "./tb/mnist2";
var TB_SUMMARY_DIR = CHECK_POINT_DIR;

// input place holders
var X = tf.placeholder(tf.float32, new[] { -1, 784 });
var Y = tf.placeholder(tf.float32, new[] { -1, 10 });

// Image input
var x_image = tf.reshape(X, new[] { -1, 28, 28, 1 });
tf.summary.image("input", x_image, 3);

// dropout (keep_prob) rate  0.7~0.5 on training, but should be 1 for testing
var keep_prob = tf.placeholder(tf.float32);

// weights & bias for nn layers
// http://stackoverflow.com/questions/33640581/how-to-do-xavier-initialization-on-tensorflow
Tensor L1, L2, L3, L4, hypothesis;
using (tf.variable_scope("layer1"))
{
    var W1 = tf.get_variable("W", shape: new[] { 784, 512 },
                             initializer: tf.contrib.layers.xavier_initializer());
    var b1 = tf.Variable(tf.random_normal(new[] { 512 }));
    L1 = tf.nn.relu(tf.matmul(X, W1) + b1);
    L1 = tf.nn.dropout(L1, keep_prob: keep_prob);

    tf.summary.histogram("X", X);
    tf.summary.histogram("weights", W1);
    tf.summary.histogram("bias", b1);
    tf.summary.histogram("layer", L1);
}

using (tf.variable_scope("layer2"))
{
    var W2 = tf.get_variable("W", shape: new[] { 512, 512 },
                             initializer: tf.contrib.layers.xavier_initializer());
    var b2 = tf.Variable(tf.random_normal(new[] { 512 }));
    L2 = tf.nn.relu(tf.matmul(L1, W2) + b2);
    L2 = tf.nn.dropout(L2, keep_prob: keep_prob);

    tf.summary.histogram("weights", W2);
    tf.summary.histogram("bias", b2);
    tf.summary.histogram("layer", L2);
}

using (tf.variable_scope("layer3"))
{
    var W3 = tf.get_variable("W", shape: new[] { 512, 512 },
                             initializer: tf.contrib.layers.xavier_initializer());
    var b3 = tf.Variable(tf.random_normal(new[] { 512 }));
    L3 = tf.nn.relu(tf.matmul(L2, W3) + b3);
    L3 = tf.nn.dropout(L3, keep_prob: keep_prob);

    tf.summary.histogram("weights", W3);
    tf.summary.histogram("bias", b3);
    tf.summary.histogram("layer", L3);
}

using (tf.variable_scope("layer4"))
{
    var W4 = tf.get_variable("W", shape: new[] { 512, 512 },
                             initializer: tf.contrib.layers.xavier_initializer());
    var b4 = tf.Variable(tf.random_normal(new[] { 512 }));
    L4 = tf.nn.relu(tf.matmul(L3, W4) + b4);
    L4 = tf.nn.dropout(L4, keep_prob: keep_prob);

    tf.summary.histogram("weights", W4);
    tf.summary.histogram("bias", b4);
    tf.summary.histogram("layer", L4);
}

using (tf.variable_scope("layer5"))
{
    var W5 = tf.get_variable("W", shape: new[] { 512, 10 },
                             initializer: tf.contrib.layers.xavier_initializer());
    var b5 = tf.Variable(tf.random_normal(new[] { 10 }));
    hypothesis = tf.matmul(L4, W5) + b5;

    tf.summary.histogram("weights", W5);
    tf.summary.histogram("bias", b5);
    tf.summary.histogram("hypothesis", hypothesis);
}

// define cost/loss & optimizer
var cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(
    logits: hypothesis, labels: Y));
var optimizer = tf.train.AdamOptimizer(learning_rate: learning_rate).minimize(cost);

tf.summary.scalar("loss", cost);

var last_epoch = tf.Variable(0, name: "last_epoch");

// Summary
var summary = tf.summary.merge_all()!;

// initialize
var sess = tf.Session();
sess.run(tf.global_variables_initializer());

// Create summary writer
var writer = tf.summary.FileWriter(TB_SUMMARY_DIR);
writer.add_graph(sess.graph);
var global_step = 0;

// Saver and Restore
var saver = tf.train.Saver();
var checkpoint = tf.train.get_checkpoint_state(CHECK_POINT_DIR);

if (checkpoint is not null && checkpoint.model_checkpoint_path.Length > 0)
{
    try
    {
        saver.restore(sess, checkpoint.model_checkpoint_path);
        print("Successfully loaded:", checkpoint.model_checkpoint_path);
    }
    catch (Exception)
    {
        print("Error on loading old network weights");
    }
}
else
{
    print("Could not find old network weights");
}

var start_from = sess.run(last_epoch);

// train my model
print("Start learning from:", start_from);

var total_batch = mnist.train.num_examples / batch_size;
int first = start_from.ToArray<int>()[0];
using (var progress = new TrainingProgress(Math.Max(training_epochs, first), total_batch))
{
    for (int epoch = first; epoch < training_epochs; epoch++)
    {
        print("Start Epoch:", epoch);

        double avg_cost = 0;  // numpy: a float32 cost / an int is float64
        int i = 0;
        for (i = 0; i < total_batch; i++)
        {
            var (batch_xs, batch_ys) = mnist.train.next_batch(batch_size);
            var feed_dict = new FeedItem[] { (X, batch_xs), (Y, batch_ys), (keep_prob, 0.7f) };
            var (s, _) = sess.run((summary, optimizer), feed_dict);
            writer.add_summary(s!, global_step: global_step);
            global_step += 1;

            var c = sess.run(cost, feed_dict);
            avg_cost += (double)(float)c / total_batch;
            progress.Step(epoch, i, (float)c);
        }
        i -= 1;  // Python's loop variable keeps the last index

        progress.Clear();
        print("Epoch:", $"{epoch + 1:0000}", "cost =", $"{avg_cost:F9}");

        print("Saving network...");
        sess.run(last_epoch.assign(epoch + 1));
        if (!Directory.Exists(CHECK_POINT_DIR))
            Directory.CreateDirectory(CHECK_POINT_DIR);
        saver.save(sess, CHECK_POINT_DIR + "/model", global_step: i);
    }
}

print("Learning Finished!");

// Test model and check accuracy
var correct_prediction = tf.equal(tf.argmax(hypothesis, 1), tf.argmax(Y, 1));
var accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32));
print("Accuracy:", sess.run(accuracy, (X, mnist.test.images), (Y, mnist.test.labels), (keep_prob, 1f)));

// Get one and predict
var r = new System.Random().Next(0, mnist.test.num_examples);
print("Label: ", sess.run(tf.argmax(mnist.test.labels[r..(r + 1)], 1)));
print("Prediction: ", sess.run(tf.argmax(hypothesis, 1), (X, mnist.test.images[r..(r + 1)]), (keep_prob, 1f)));
writer.close();
