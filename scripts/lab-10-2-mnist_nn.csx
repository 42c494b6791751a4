#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 10 MNIST and NN (ReLU) (hunkim/DeepLearningZeroToAll, lab-10-2-mnist_nn.py): 15 epochs of Adam.
// Usage: bridge run scripts/lab-10-2-mnist_nn.csx [-- DATA_DIR] [--epochs N]
// DATA_DIR defaults to MNIST_data/ as in the original. The record (March 2017, TF 1.0) cannot be reproduced: TF 1.0's
// MNIST loader shuffled with numpy's unseeded random generator (a seed came in TF 1.2); Bridge seeds it from
// tf.set_random_seed, as later TF does, so its run is deterministic and prints what the unmodified Python file prints.
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

// input place holders
var X = tf.placeholder(tf.float32, new[] { -1, 784 });
var Y = tf.placeholder(tf.float32, new[] { -1, 10 });

// weights & bias for nn layers
var W1 = tf.Variable(tf.random_normal(new[] { 784, 256 }));
var b1 = tf.Variable(tf.random_normal(new[] { 256 }));
var L1 = tf.nn.relu(tf.matmul(X, W1) + b1);

var W2 = tf.Variable(tf.random_normal(new[] { 256, 256 }));
var b2 = tf.Variable(tf.random_normal(new[] { 256 }));
var L2 = tf.nn.relu(tf.matmul(L1, W2) + b2);

var W3 = tf.Variable(tf.random_normal(new[] { 256, 10 }));
var b3 = tf.Variable(tf.random_normal(new[] { 10 }));
var hypothesis = tf.matmul(L2, W3) + b3;

// define cost/loss & optimizer
var cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(
    logits: hypothesis, labels: Y));
var optimizer = tf.train.AdamOptimizer(learning_rate: learning_rate).minimize(cost);

// initialize
var sess = tf.Session();
sess.run(tf.global_variables_initializer());
var total_batch = mnist.train.num_examples / batch_size;
using (var progress = new TrainingProgress(training_epochs, total_batch))
{
    // train my model
    foreach (var epoch in range(training_epochs))
    {
        double avg_cost = 0;  // numpy: a float32 cost / an int is float64

        foreach (var i in range(total_batch))
        {
            var (batch_xs, batch_ys) = mnist.train.next_batch(batch_size);
            var (c, _) = sess.run((cost, optimizer), (X, batch_xs), (Y, batch_ys));
            avg_cost += (double)(float)c! / total_batch;
            progress.Step(epoch, i, (float)c);
        }

        progress.Clear();
        print("Epoch:", $"{epoch + 1:0000}", "cost =", $"{avg_cost:F9}");
    }
}

print("Learning Finished!");

// Test model and check accuracy
var correct_prediction = tf.equal(tf.argmax(hypothesis, 1), tf.argmax(Y, 1));
var accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32));
print("Accuracy:", sess.run(accuracy, (X, mnist.test.images), (Y, mnist.test.labels)));

// Get one and predict
var r = new System.Random().Next(0, mnist.test.num_examples);
print("Label: ", sess.run(tf.argmax(mnist.test.labels[r..(r + 1)], 1)));
print("Prediction: ", sess.run(tf.argmax(hypothesis, 1), (X, mnist.test.images[r..(r + 1)])));
