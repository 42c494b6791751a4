#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 11 MNIST and Deep learning CNN, low memory (hunkim/DeepLearningZeroToAll, lab-11-X-mnist_cnn_low_memory.py):
// lab 11-2's network, evaluated in batches of 512 images so that no step holds the activations of the whole test set;
// prints the training and test accuracy. Its record is lab 11-2's (copied: 0.9938).
// Usage: bridge run scripts/lab-11-X-mnist_cnn_low_memory.csx [-- DATA_DIR] [--epochs N] [--pictures DIR]
// DATA_DIR defaults to MNIST_data/ as in the original. Prints what the unmodified Python file prints through
// `python3 -m bridge run` (its "Learning stared" typo included). The run is deterministic (tf.set_random_seed seeds
// the MNIST shuffling, as TF from 1.2 on does).
// Beside the lab's output: the cost per epoch as a PNG chart in DIR (default pictures/).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Bridge;
using static Bridge.Binding;

var dataDir = "MNIST_data/";
int training_epochs = 15;
var picturesDir = "pictures";
for (int a = 0; a < Args.Count; a++)
{
    string Next() => a + 1 < Args.Count ? Args[++a] : throw new ArgumentException($"option {Args[a]} needs a value");
    switch (Args[a])
    {
        case "--epochs": training_epochs = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
        case "--pictures": picturesDir = Next(); break;
        default:
            if (Args[a].StartsWith("--")) throw new ArgumentException($"unknown option {Args[a]}: use --epochs N or --pictures DIR");
            dataDir = Args[a];
            break;
    }
}

tf.set_random_seed(777);  // reproducibility

var mnist = input_data.read_data_sets(dataDir, one_hot: true);
// Check out https://www.tensorflow.org/get_started/mnist/beginners for
// more information about the mnist dataset

// hyper parameters
var learning_rate = 0.001;
var batch_size = 100;

// dropout (keep_prob) rate  0.7~0.5 on training, but should be 1 for testing
var keep_prob = tf.placeholder(tf.float32);

// input place holders
var X = tf.placeholder(tf.float32, new[] { -1, 784 });
var X_img = tf.reshape(X, new[] { -1, 28, 28, 1 });   // img 28x28x1 (black/white)
var Y = tf.placeholder(tf.float32, new[] { -1, 10 });

// L1 ImgIn shape=(?, 28, 28, 1)
var W1 = tf.Variable(tf.random_normal(new[] { 3, 3, 1, 32 }, stddev: 0.01));
//    Conv     -> (?, 28, 28, 32)
//    Pool     -> (?, 14, 14, 32)
var L1 = tf.nn.conv2d(X_img, W1, strides: new[] { 1, 1, 1, 1 }, padding: "SAME");
L1 = tf.nn.relu(L1);
L1 = tf.nn.max_pool(L1, ksize: new[] { 1, 2, 2, 1 },
                    strides: new[] { 1, 2, 2, 1 }, padding: "SAME");
L1 = tf.nn.dropout(L1, keep_prob: keep_prob);
/*
Tensor("Conv2D:0", shape=(?, 28, 28, 32), dtype=float32)
Tensor("Relu:0", shape=(?, 28, 28, 32), dtype=float32)
Tensor("MaxPool:0", shape=(?, 14, 14, 32), dtype=float32)
Tensor("dropout/mul:0", shape=(?, 14, 14, 32), dtype=float32)
*/

// L2 ImgIn shape=(?, 14, 14, 32)
var W2 = tf.Variable(tf.random_normal(new[] { 3, 3, 32, 64 }, stddev: 0.01));
//    Conv      ->(?, 14, 14, 64)
//    Pool      ->(?, 7, 7, 64)
var L2 = tf.nn.conv2d(L1, W2, strides: new[] { 1, 1, 1, 1 }, padding: "SAME");
L2 = tf.nn.relu(L2);
L2 = tf.nn.max_pool(L2, ksize: new[] { 1, 2, 2, 1 },
                    strides: new[] { 1, 2, 2, 1 }, padding: "SAME");
L2 = tf.nn.dropout(L2, keep_prob: keep_prob);
/*
Tensor("Conv2D_1:0", shape=(?, 14, 14, 64), dtype=float32)
Tensor("Relu_1:0", shape=(?, 14, 14, 64), dtype=float32)
Tensor("MaxPool_1:0", shape=(?, 7, 7, 64), dtype=float32)
Tensor("dropout_1/mul:0", shape=(?, 7, 7, 64), dtype=float32)
*/

// L3 ImgIn shape=(?, 7, 7, 64)
var W3 = tf.Variable(tf.random_normal(new[] { 3, 3, 64, 128 }, stddev: 0.01));
//    Conv      ->(?, 7, 7, 128)
//    Pool      ->(?, 4, 4, 128)
//    Reshape   ->(?, 4 * 4 * 128) # Flatten them for FC
var L3 = tf.nn.conv2d(L2, W3, strides: new[] { 1, 1, 1, 1 }, padding: "SAME");
L3 = tf.nn.relu(L3);
L3 = tf.nn.max_pool(L3, ksize: new[] { 1, 2, 2, 1 }, strides: new[] {
                    1, 2, 2, 1 }, padding: "SAME");
L3 = tf.nn.dropout(L3, keep_prob: keep_prob);
var L3_flat = tf.reshape(L3, new[] { -1, 128 * 4 * 4 });
/*
Tensor("Conv2D_2:0", shape=(?, 7, 7, 128), dtype=float32)
Tensor("Relu_2:0", shape=(?, 7, 7, 128), dtype=float32)
Tensor("MaxPool_2:0", shape=(?, 4, 4, 128), dtype=float32)
Tensor("dropout_2/mul:0", shape=(?, 4, 4, 128), dtype=float32)
Tensor("Reshape_1:0", shape=(?, 2048), dtype=float32)
*/

// L4 FC 4x4x128 inputs -> 625 outputs
var W4 = tf.get_variable("W4", shape: new[] { 128 * 4 * 4, 625 },
                         initializer: tf.contrib.layers.xavier_initializer());
var b4 = tf.Variable(tf.random_normal(new[] { 625 }));
var L4 = tf.nn.relu(tf.matmul(L3_flat, W4) + b4);
L4 = tf.nn.dropout(L4, keep_prob: keep_prob);
/*
Tensor("Relu_3:0", shape=(?, 625), dtype=float32)
Tensor("dropout_3/mul:0", shape=(?, 625), dtype=float32)
*/

// L5 Final FC 625 inputs -> 10 outputs
var W5 = tf.get_variable("W5", shape: new[] { 625, 10 },
                         initializer: tf.contrib.layers.xavier_initializer());
var b5 = tf.Variable(tf.random_normal(new[] { 10 }));
var hypothesis = tf.matmul(L4, W5) + b5;
/*
Tensor("add_1:0", shape=(?, 10), dtype=float32)
*/

// define cost/loss & optimizer
var cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(
    logits: hypothesis, labels: Y));
var optimizer = tf.train.AdamOptimizer(learning_rate: learning_rate).minimize(cost);

// initialize
var sess = tf.Session();
sess.run(tf.global_variables_initializer());
var costs = new List<double>();

// train my model
print("Learning stared. It takes sometime.");
var total_batch = mnist.train.num_examples / batch_size;
using (var progress = new TrainingProgress(training_epochs, total_batch))
{
    foreach (var epoch in range(training_epochs))
    {
        double avg_cost = 0;  // numpy: a float32 cost / an int is float64

        foreach (var i in range(total_batch))
        {
            var (batch_xs, batch_ys) = mnist.train.next_batch(batch_size);
            var (c, _) = sess.run((cost, optimizer), (X, batch_xs), (Y, batch_ys), (keep_prob, 0.7f));
            avg_cost += (double)(float)c! / total_batch;
            progress.Step(epoch, i, (float)c);
        }

        print("Epoch:", $"{epoch + 1:0000}", "cost =", $"{avg_cost:F9}");
        costs.Add(avg_cost);
    }
}

print("Learning Finished!");

// Test model and check accuracy
var correct_prediction = tf.equal(tf.argmax(hypothesis, 1), tf.argmax(Y, 1));
var accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32));
double evaluate(NDArray X_sample, NDArray y_sample, int batch_size = 512)
{
    // Run a minibatch accuracy op
    var N = (int)X_sample.shape[0];
    // numpy before 2.0 (TF 1.x's, and Debian's 1.24): a float32 scalar times a Python int is a float64 scalar, so the
    // sum and the returned accuracy are doubles (printed as Python floats: 0.9233333293596904).
    double correct_sample = 0;

    for (int i = 0; i < N; i += batch_size)
    {
        var X_batch = X_sample[i..Math.Min(i + batch_size, N)];
        var y_batch = y_sample[i..Math.Min(i + batch_size, N)];
        var N_batch = (int)X_batch.shape[0];

        var feed = new FeedItem[] { (X, X_batch), (Y, y_batch), (keep_prob, 1f) };

        correct_sample += (double)(float)sess.run(accuracy, feed) * N_batch;
    }

    return correct_sample / N;
}

print("\nAccuracy Evaluates");
print("-------------------------------");
print("Train Accuracy:", evaluate(mnist.train.images, mnist.train.labels));
print("Test Accuracy:", evaluate(mnist.test.images, mnist.test.labels));


// Get one and predict
print("\nGet one and predict");
print("-------------------------------");
var r = new System.Random().Next(0, mnist.test.num_examples);
print("Label: ", sess.run(tf.argmax(mnist.test.labels[r..(r + 1)], 1)));
print("Prediction: ", sess.run(tf.argmax(hypothesis, 1), (X, mnist.test.images[r..(r + 1)]), (keep_prob, 1f)));

// The original left matplotlib's picture commented out; here the cost curve of the run is a PNG file.
if (costs.Count > 0)
{
    Directory.CreateDirectory(picturesDir);
    var costChart = Path.Combine(picturesDir, "lab-11-X-cost.png");
    Pictures.CostPerEpoch(costs, costChart);
    Console.Error.WriteLine($"Pictures: {costChart}");
}
