#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 11 MNIST and Convolutional Neural Network (hunkim/DeepLearningZeroToAll, lab-11-1-mnist_cnn.py): two
// convolution layers (3x3, 32 and 64 filters, SAME padding, ReLU, 2x2 max pooling) and a fully connected softmax
// layer, 15 epochs of Adam. The record (TF 1.0) ended at accuracy 0.9885.
// Usage: bridge run scripts/lab-11-1-mnist_cnn.csx [-- DATA_DIR] [--epochs N] [--pictures DIR]
// DATA_DIR defaults to MNIST_data/ as in the original. Prints what the unmodified Python file prints through
// `python3 -m bridge run`. The record cannot be reproduced digit for digit: TF 1.0's MNIST loader shuffled with
// numpy's unseeded generator; Bridge seeds it from tf.set_random_seed, as TF from 1.2 on does, so the run is
// deterministic.
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
/*
Tensor("Conv2D:0", shape=(?, 28, 28, 32), dtype=float32)
Tensor("Relu:0", shape=(?, 28, 28, 32), dtype=float32)
Tensor("MaxPool:0", shape=(?, 14, 14, 32), dtype=float32)
*/

// L2 ImgIn shape=(?, 14, 14, 32)
var W2 = tf.Variable(tf.random_normal(new[] { 3, 3, 32, 64 }, stddev: 0.01));
//    Conv      ->(?, 14, 14, 64)
//    Pool      ->(?, 7, 7, 64)
var L2 = tf.nn.conv2d(L1, W2, strides: new[] { 1, 1, 1, 1 }, padding: "SAME");
L2 = tf.nn.relu(L2);
L2 = tf.nn.max_pool(L2, ksize: new[] { 1, 2, 2, 1 },
                    strides: new[] { 1, 2, 2, 1 }, padding: "SAME");
var L2_flat = tf.reshape(L2, new[] { -1, 7 * 7 * 64 });
/*
Tensor("Conv2D_1:0", shape=(?, 14, 14, 64), dtype=float32)
Tensor("Relu_1:0", shape=(?, 14, 14, 64), dtype=float32)
Tensor("MaxPool_1:0", shape=(?, 7, 7, 64), dtype=float32)
Tensor("Reshape_1:0", shape=(?, 3136), dtype=float32)
*/

// Final FC 7x7x64 inputs -> 10 outputs
var W3 = tf.get_variable("W3", shape: new[] { 7 * 7 * 64, 10 },
                         initializer: tf.contrib.layers.xavier_initializer());
var b = tf.Variable(tf.random_normal(new[] { 10 }));
var logits = tf.matmul(L2_flat, W3) + b;

// define cost/loss & optimizer
var cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(
    logits: logits, labels: Y));
var optimizer = tf.train.AdamOptimizer(learning_rate: learning_rate).minimize(cost);

// initialize
var sess = tf.Session();
sess.run(tf.global_variables_initializer());
var costs = new List<double>();

// train my model
print("Learning started. It takes sometime.");
var total_batch = mnist.train.num_examples / batch_size;
using (var progress = new TrainingProgress(training_epochs, total_batch))
{
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

        print("Epoch:", $"{epoch + 1:0000}", "cost =", $"{avg_cost:F9}");
        costs.Add(avg_cost);
    }
}

print("Learning Finished!");

// Test model and check accuracy
var correct_prediction = tf.equal(tf.argmax(logits, 1), tf.argmax(Y, 1));
var accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32));
print("Accuracy:", sess.run(accuracy, (X, mnist.test.images), (Y, mnist.test.labels)));

// Get one and predict
var r = new System.Random().Next(0, mnist.test.num_examples);
print("Label: ", sess.run(tf.argmax(mnist.test.labels[r..(r + 1)], 1)));
print("Prediction: ", sess.run(tf.argmax(logits, 1), (X, mnist.test.images[r..(r + 1)])));

// The original left matplotlib's picture commented out; here the cost curve of the run is a PNG file.
if (costs.Count > 0)
{
    Directory.CreateDirectory(picturesDir);
    var costChart = Path.Combine(picturesDir, "lab-11-1-cost.png");
    Pictures.CostPerEpoch(costs, costChart);
    Console.Error.WriteLine($"Pictures: {costChart}");
}
