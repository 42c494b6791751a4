#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 11 MNIST and Deep learning CNN, an ensemble (hunkim/DeepLearningZeroToAll, lab-11-5-mnist_cnn_ensemble_layers.py):
// num_models copies of lab 11-4's model (two in the file; its record is of seven) trained on the same batches for 20
// epochs; each model's accuracy, then the accuracy of the summed predictions. The record: models 0.9933 ... 0.9949,
// ensemble 0.9952 (seven models).
// Usage: bridge run scripts/lab-11-5-mnist_cnn_ensemble_layers.csx [-- DATA_DIR] [--epochs N] [--models M] [--pictures DIR]
// DATA_DIR defaults to MNIST_data/ as in the original. Prints what the unmodified Python file prints through
// `python3 -m bridge run` (the costs as numpy prints a float64 array). The run is deterministic (tf.set_random_seed
// seeds the MNIST shuffling, as TF from 1.2 on does).
// Beside the lab's output: each model's cost per epoch as a PNG chart in DIR (default pictures/).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Bridge;
using static Bridge.Binding;

var dataDir = "MNIST_data/";
int training_epochs = 20;
int num_models = 2;
var picturesDir = "pictures";
for (int a = 0; a < Args.Count; a++)
{
    string Next() => a + 1 < Args.Count ? Args[++a] : throw new ArgumentException($"option {Args[a]} needs a value");
    switch (Args[a])
    {
        case "--epochs": training_epochs = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
        case "--models": num_models = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
        case "--pictures": picturesDir = Next(); break;
        default:
            if (Args[a].StartsWith("--")) throw new ArgumentException($"unknown option {Args[a]}: use --epochs N, --models M or --pictures DIR");
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
    public Tensor training, X, Y, logits, cost, accuracy;
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
            training = tf.placeholder(tf.@bool);

            // input place holders
            X = tf.placeholder(tf.float32, new[] { -1, 784 });

            // img 28x28x1 (black/white), Input Layer
            var X_img = tf.reshape(X, new[] { -1, 28, 28, 1 });
            Y = tf.placeholder(tf.float32, new[] { -1, 10 });

            // Convolutional Layer #1
            var conv1 = tf.layers.conv2d(inputs: X_img, filters: 32, kernel_size: new[] { 3, 3 },
                                         padding: "SAME", activation: tf.nn.relu);
            // Pooling Layer #1
            var pool1 = tf.layers.max_pooling2d(inputs: conv1, pool_size: new[] { 2, 2 },
                                                padding: "SAME", strides: 2);
            var dropout1 = tf.layers.dropout(inputs: pool1,
                                             rate: 0.3, training: training);

            // Convolutional Layer #2 and Pooling Layer #2
            var conv2 = tf.layers.conv2d(inputs: dropout1, filters: 64, kernel_size: new[] { 3, 3 },
                                         padding: "SAME", activation: tf.nn.relu);
            var pool2 = tf.layers.max_pooling2d(inputs: conv2, pool_size: new[] { 2, 2 },
                                                padding: "SAME", strides: 2);
            var dropout2 = tf.layers.dropout(inputs: pool2,
                                             rate: 0.3, training: training);

            // Convolutional Layer #3 and Pooling Layer #3
            var conv3 = tf.layers.conv2d(inputs: dropout2, filters: 128, kernel_size: new[] { 3, 3 },
                                         padding: "SAME", activation: tf.nn.relu);
            var pool3 = tf.layers.max_pooling2d(inputs: conv3, pool_size: new[] { 2, 2 },
                                                padding: "SAME", strides: 2);
            var dropout3 = tf.layers.dropout(inputs: pool3,
                                             rate: 0.3, training: training);

            // Dense Layer with Relu
            var flat = tf.reshape(dropout3, new[] { -1, 128 * 4 * 4 });
            var dense4 = tf.layers.dense(inputs: flat,
                                         units: 625, activation: tf.nn.relu);
            var dropout4 = tf.layers.dropout(inputs: dense4,
                                             rate: 0.5, training: training);

            // Logits (no activation) Layer: L5 Final FC 625 inputs -> 10 outputs
            logits = tf.layers.dense(inputs: dropout4, units: 10);
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

    public NDArray predict(NDArray x_test, bool training = false) =>
        sess.run(logits, (X, x_test), (this.training, training));

    public NDArray get_accuracy(NDArray x_test, NDArray y_test, bool training = false) =>
        sess.run(accuracy, (X, x_test), (Y, y_test), (this.training, training));

    public (NDArray cost, NDArray? optimizer) train(NDArray x_data, NDArray y_data, bool training = true)
    {
        var (c, o) = sess.run((cost, optimizer), (X, x_data), (Y, y_data), (this.training, training));
        return (c!, o);
    }
}

// initialize
var sess = tf.Session();

var models = new List<Model>();
for (int m = 0; m < num_models; m++)
    models.Add(new Model(sess, "model" + m, learning_rate));

sess.run(tf.global_variables_initializer());

print("Learning Started!");
var costs = new List<double>[num_models];
for (int m = 0; m < num_models; m++) costs[m] = new List<double>();

// train my model
var total_batch = mnist.train.num_examples / batch_size;
using (var progress = new TrainingProgress(training_epochs, total_batch))
{
    foreach (var epoch in range(training_epochs))
    {
        var avg_cost_list = new double[models.Count];  // np.zeros(len(models)): float64
        foreach (var i in range(total_batch))
        {
            var (batch_xs, batch_ys) = mnist.train.next_batch(batch_size);

            // train each model
            foreach (var (m, m_idx) in models.Select((m, i) => (m, i)))
            {
                var (c, _) = m.train(batch_xs, batch_ys);
                avg_cost_list[m_idx] += (double)(float)c / total_batch;
                if (m_idx == 0) progress.Step(epoch, i, (float)c);
            }
        }

        print("Epoch:", $"{epoch + 1:0000}", "cost =", np.array(avg_cost_list));
        for (int m = 0; m < num_models; m++) costs[m].Add(avg_cost_list[m]);
    }
}

print("Learning Finished!");

// Test model and check accuracy
var test_size = mnist.test.labels.shape[0];
var predictions = np.zeros(new[] { test_size, 10 });
foreach (var (m, m_idx) in models.Select((m, i) => (m, i)))
{
    print(m_idx, "Accuracy:", m.get_accuracy(
        mnist.test.images, mnist.test.labels));
    var p = m.predict(mnist.test.images);
    predictions += p;
}

var ensemble_correct_prediction = tf.equal(
    tf.argmax(predictions, 1), tf.argmax(mnist.test.labels, 1));
var ensemble_accuracy = tf.reduce_mean(
    tf.cast(ensemble_correct_prediction, tf.float32));
print("Ensemble accuracy:", sess.run(ensemble_accuracy));

if (training_epochs > 0)
{
    Directory.CreateDirectory(picturesDir);
    for (int m = 0; m < num_models; m++)
    {
        var costChart = Path.Combine(picturesDir, $"lab-11-5-cost-model{m}.png");
        Pictures.CostPerEpoch(costs[m], costChart);
        Console.Error.WriteLine($"Pictures: {costChart}");
    }
}
