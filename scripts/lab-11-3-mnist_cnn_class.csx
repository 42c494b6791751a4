#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 11 MNIST and Deep learning CNN, as a class (hunkim/DeepLearningZeroToAll, lab-11-3-mnist_cnn_class.py): lab
// 11-2's network built by a Model class inside tf.variable_scope("m1"), trained and evaluated through its methods.
// Usage: bridge run scripts/lab-11-3-mnist_cnn_class.csx [-- DATA_DIR] [--epochs N] [--pictures DIR]
// DATA_DIR defaults to MNIST_data/ as in the original. Prints what the unmodified Python file prints through
// `python3 -m bridge run`. The original has no recorded output; the run is deterministic (tf.set_random_seed seeds
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

// (a C# class cannot see the script's variables: learning_rate is passed in)
class Model
{
    public Session sess;
    public string name;
    public Tensor keep_prob, X, Y, logits, cost, accuracy;
    public Operation optimizer;

    public Model(Session sess, string name, double learning_rate)
    {
        this.sess = sess;
        this.name = name;
        _build_net(learning_rate);
    }

    private void _build_net(double learning_rate)
    {
        using (tf.variable_scope(name))
        {
            // dropout (keep_prob) rate  0.7~0.5 on training, but should be 1
            // for testing
            keep_prob = tf.placeholder(tf.float32);

            // input place holders
            X = tf.placeholder(tf.float32, new[] { -1, 784 });
            // img 28x28x1 (black/white)
            var X_img = tf.reshape(X, new[] { -1, 28, 28, 1 });
            Y = tf.placeholder(tf.float32, new[] { -1, 10 });

            // L1 ImgIn shape=(?, 28, 28, 1)
            var W1 = tf.Variable(tf.random_normal(new[] { 3, 3, 1, 32 }, stddev: 0.01));
            //    Conv     -> (?, 28, 28, 32)
            //    Pool     -> (?, 14, 14, 32)
            var L1 = tf.nn.conv2d(X_img, W1, strides: new[] { 1, 1, 1, 1 }, padding: "SAME");
            L1 = tf.nn.relu(L1);
            L1 = tf.nn.max_pool(L1, ksize: new[] { 1, 2, 2, 1 },
                                strides: new[] { 1, 2, 2, 1 }, padding: "SAME");
            L1 = tf.nn.dropout(L1, keep_prob: keep_prob);

            // L2 ImgIn shape=(?, 14, 14, 32)
            var W2 = tf.Variable(tf.random_normal(new[] { 3, 3, 32, 64 }, stddev: 0.01));
            //    Conv      ->(?, 14, 14, 64)
            //    Pool      ->(?, 7, 7, 64)
            var L2 = tf.nn.conv2d(L1, W2, strides: new[] { 1, 1, 1, 1 }, padding: "SAME");
            L2 = tf.nn.relu(L2);
            L2 = tf.nn.max_pool(L2, ksize: new[] { 1, 2, 2, 1 },
                                strides: new[] { 1, 2, 2, 1 }, padding: "SAME");
            L2 = tf.nn.dropout(L2, keep_prob: keep_prob);

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

            // L4 FC 4x4x128 inputs -> 625 outputs
            var W4 = tf.get_variable("W4", shape: new[] { 128 * 4 * 4, 625 },
                                     initializer: tf.contrib.layers.xavier_initializer());
            var b4 = tf.Variable(tf.random_normal(new[] { 625 }));
            var L4 = tf.nn.relu(tf.matmul(L3_flat, W4) + b4);
            L4 = tf.nn.dropout(L4, keep_prob: keep_prob);

            // L5 Final FC 625 inputs -> 10 outputs
            var W5 = tf.get_variable("W5", shape: new[] { 625, 10 },
                                     initializer: tf.contrib.layers.xavier_initializer());
            var b5 = tf.Variable(tf.random_normal(new[] { 10 }));
            logits = tf.matmul(L4, W5) + b5;
        }

        // define cost/loss & optimizer
        cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(
            logits: logits, labels: Y));
        optimizer = tf.train.AdamOptimizer(
            learning_rate: learning_rate).minimize(cost);

        var correct_prediction = tf.equal(
            tf.argmax(logits, 1), tf.argmax(Y, 1));
        accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32));
    }

    public NDArray predict(NDArray x_test, float keep_prop = 1.0f) =>
        sess.run(logits, (X, x_test), (keep_prob, keep_prop));

    public NDArray get_accuracy(NDArray x_test, NDArray y_test, float keep_prop = 1.0f) =>
        sess.run(accuracy, (X, x_test), (Y, y_test), (keep_prob, keep_prop));

    public (NDArray cost, NDArray? optimizer) train(NDArray x_data, NDArray y_data, float keep_prop = 0.7f)
    {
        var (c, o) = sess.run((cost, optimizer), (X, x_data), (Y, y_data), (keep_prob, keep_prop));
        return (c!, o);
    }
}

// initialize
var sess = tf.Session();
var m1 = new Model(sess, "m1", learning_rate);

sess.run(tf.global_variables_initializer());

print("Learning Started!");
var costs = new List<double>();

// train my model
var total_batch = mnist.train.num_examples / batch_size;
using (var progress = new TrainingProgress(training_epochs, total_batch))
{
    foreach (var epoch in range(training_epochs))
    {
        double avg_cost = 0;  // numpy: a float32 cost / an int is float64

        foreach (var i in range(total_batch))
        {
            var (batch_xs, batch_ys) = mnist.train.next_batch(batch_size);
            var (c, _) = m1.train(batch_xs, batch_ys);
            avg_cost += (double)(float)c / total_batch;
            progress.Step(epoch, i, (float)c);
        }

        print("Epoch:", $"{epoch + 1:0000}", "cost =", $"{avg_cost:F9}");
        costs.Add(avg_cost);
    }
}

print("Learning Finished!");

// Test model and check accuracy
print("Accuracy:", m1.get_accuracy(mnist.test.images, mnist.test.labels));

if (costs.Count > 0)
{
    Directory.CreateDirectory(picturesDir);
    var costChart = Path.Combine(picturesDir, "lab-11-3-cost.png");
    Pictures.CostPerEpoch(costs, costChart);
    Console.Error.WriteLine($"Pictures: {costChart}");
}
