#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 10 MNIST and Deep learning (hunkim/DeepLearningZeroToAll, lab-10-4-mnist_nn_deep.py): five layers of 512
// with Xavier initialisation and ReLU, 15 epochs of Adam.
// Usage: bridge run scripts/lab-10-4-mnist_nn_deep.csx [-- DATA_DIR] [--epochs N] [--pictures DIR]
// DATA_DIR defaults to MNIST_data/ as in the original. Prints what the unmodified Python file prints through
// `python3 -m bridge run` (the "Extracting" lines on stdout too, as TF 1.0 printed them). The record (March 2017, TF 1.0)
// cannot be reproduced: TF 1.0's MNIST loader shuffled with numpy's unseeded generator; Bridge seeds it from
// tf.set_random_seed, as TF from 1.2 on does, so the run is deterministic.
// Beside the lab's output: the cost and the training-batch accuracy per epoch as PNG charts in DIR (default ".").
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Bridge;
using static Bridge.Binding;

var dataDir = "MNIST_data/";
int training_epochs = 15;
var picturesDir = ".";
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

// parameters
var learning_rate = 0.001;
var batch_size = 100;

// input place holders
var X = tf.placeholder(tf.float32, new[] { -1, 784 });
var Y = tf.placeholder(tf.float32, new[] { -1, 10 });

// weights & bias for nn layers
// http://stackoverflow.com/questions/33640581/how-to-do-xavier-initialization-on-tensorflow
var W1 = tf.get_variable("W1", shape: new[] { 784, 512 },
                         initializer: tf.contrib.layers.xavier_initializer());
var b1 = tf.Variable(tf.random_normal(new[] { 512 }));
var L1 = tf.nn.relu(tf.matmul(X, W1) + b1);

var W2 = tf.get_variable("W2", shape: new[] { 512, 512 },
                         initializer: tf.contrib.layers.xavier_initializer());
var b2 = tf.Variable(tf.random_normal(new[] { 512 }));
var L2 = tf.nn.relu(tf.matmul(L1, W2) + b2);

var W3 = tf.get_variable("W3", shape: new[] { 512, 512 },
                         initializer: tf.contrib.layers.xavier_initializer());
var b3 = tf.Variable(tf.random_normal(new[] { 512 }));
var L3 = tf.nn.relu(tf.matmul(L2, W3) + b3);

var W4 = tf.get_variable("W4", shape: new[] { 512, 512 },
                         initializer: tf.contrib.layers.xavier_initializer());
var b4 = tf.Variable(tf.random_normal(new[] { 512 }));
var L4 = tf.nn.relu(tf.matmul(L3, W4) + b4);

var W5 = tf.get_variable("W5", shape: new[] { 512, 10 },
                         initializer: tf.contrib.layers.xavier_initializer());
var b5 = tf.Variable(tf.random_normal(new[] { 10 }));
var hypothesis = tf.matmul(L4, W5) + b5;

// define cost/loss & optimizer
var cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(
    logits: hypothesis, labels: Y));
var optimizer = tf.train.AdamOptimizer(learning_rate: learning_rate).minimize(cost);

// Test model and check accuracy (the lab builds these after training; no random op follows, so building them here
// changes no seed, and fetching the accuracy in the training run changes no number)
var correct_prediction = tf.equal(tf.argmax(hypothesis, 1), tf.argmax(Y, 1));
var accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32));

// initialize
var sess = tf.Session();
sess.run(tf.global_variables_initializer());
var costs = new List<double>();
var accuracies = new List<double>();

// train my model
var total_batch = mnist.train.num_examples / batch_size;
using (var progress = new TrainingProgress(training_epochs, total_batch))
{
    foreach (var epoch in range(training_epochs))
    {
        double avg_cost = 0, avg_accuracy = 0;  // numpy: a float32 cost / an int is float64

        foreach (var i in range(total_batch))
        {
            var (batch_xs, batch_ys) = mnist.train.next_batch(batch_size);
            var (c, _, acc) = sess.run((cost, optimizer, accuracy), (X, batch_xs), (Y, batch_ys));
            avg_cost += (double)(float)c! / total_batch;
            avg_accuracy += (double)(float)acc! / total_batch;
            progress.Step(epoch, i, (float)c);
        }

        print("Epoch:", $"{epoch + 1:0000}", "cost =", $"{avg_cost:F9}");
        costs.Add(avg_cost);
        accuracies.Add(avg_accuracy);
    }
}

print("Learning Finished!");

print("Accuracy:", sess.run(accuracy, (X, mnist.test.images), (Y, mnist.test.labels)));

// Get one and predict
var r = new System.Random().Next(0, mnist.test.num_examples);
print("Label: ", sess.run(tf.argmax(mnist.test.labels[r..(r + 1)], 1)));
print("Prediction: ", sess.run(tf.argmax(hypothesis, 1), (X, mnist.test.images[r..(r + 1)])));

// The original left matplotlib's picture commented out; here the curves of the run are PNG files.
if (costs.Count > 0)
{
    Directory.CreateDirectory(picturesDir);
    var costChart = Path.Combine(picturesDir, "lab-10-4-cost.png");
    var accuracyChart = Path.Combine(picturesDir, "lab-10-4-accuracy.png");
    Pictures.CostPerEpoch(costs, costChart);
    Pictures.Line(Enumerable.Range(1, accuracies.Count).Select(e => (double)e).ToArray(), accuracies, accuracyChart,
        "Training-batch accuracy per epoch", "Epoch", "Accuracy");
    Console.Error.WriteLine($"Pictures: {costChart}, {accuracyChart}");
}
