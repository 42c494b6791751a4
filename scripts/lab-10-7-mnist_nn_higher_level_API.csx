#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 10 MNIST and High-level TF API (hunkim/DeepLearningZeroToAll, lab-10-7-mnist_nn_higher_level_API.py): five
// fully_connected layers under one arg_scope (ReLU, Xavier, no biases, batch normalisation), dropout, 15 epochs of Adam.
// Usage: bridge run scripts/lab-10-7-mnist_nn_higher_level_API.csx [-- DATA_DIR] [--epochs N]
// DATA_DIR defaults to MNIST_data/ as in the original.
using System;
using System.Collections.Generic;
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

var layers = tf.contrib.layers;       // from tensorflow.contrib.layers import fully_connected, batch_norm, dropout
var framework = tf.contrib.framework;  // from tensorflow.contrib.framework import arg_scope

tf.set_random_seed(777);  // reproducibility

var mnist = input_data.read_data_sets(dataDir, one_hot: true);
// Check out https://www.tensorflow.org/get_started/mnist/beginners for
// more information about the mnist dataset

// parameters
var learning_rate = 0.01;  // we can use large learning rate using Batch Normalization
var batch_size = 100;
var keep_prob = 0.7;

// input place holders
var X = tf.placeholder(tf.float32, new[] { -1, 784 });
var Y = tf.placeholder(tf.float32, new[] { -1, 10 });
var train_mode = tf.placeholder(tf.@bool, name: "train_mode");

// layer output size
var hidden_output_size = 512;
var final_output_size = 10;

var xavier_init = tf.contrib.layers.xavier_initializer();
var bn_params = new Dictionary<string, object?>
{
    ["is_training"] = train_mode,
    ["decay"] = 0.9,
    ["updates_collections"] = null,
};

// We can build short code using 'arg_scope' to avoid duplicate code
// same function with different arguments
Tensor fully_connected(Tensor inputs, int num_outputs, string scope, Func<Tensor, Tensor>? activation_fn = null) =>
    layers.fully_connected(inputs, num_outputs, activation_fn: activation_fn, scope: scope);
Tensor dropout(Tensor x, double keep, Tensor is_training) => layers.dropout(x, keep, is_training: is_training);
// fully_connected calls normalizer_fn(outputs, normalizer_params): Python passes the dict as keyword arguments.
Func<Tensor, IReadOnlyDictionary<string, object?>?, Tensor> batch_norm = (x, p) =>
    layers.batch_norm(x, decay: (double)p!["decay"]!, updates_collections: (string?)p["updates_collections"], is_training: p["is_training"]);
Tensor hypothesis;
using (framework.arg_scope(new object[] { "fully_connected" }, new Dictionary<string, object?>
       {
           ["activation_fn"] = (Func<Tensor, Tensor>)(t => tf.nn.relu(t)),
           ["weights_initializer"] = xavier_init,
           ["biases_initializer"] = null,
           ["normalizer_fn"] = batch_norm,
           ["normalizer_params"] = bn_params,
       }))
{
    var hidden_layer1 = fully_connected(X, hidden_output_size, scope: "h1");
    var h1_drop = dropout(hidden_layer1, keep_prob, is_training: train_mode);
    var hidden_layer2 = fully_connected(h1_drop, hidden_output_size, scope: "h2");
    var h2_drop = dropout(hidden_layer2, keep_prob, is_training: train_mode);
    var hidden_layer3 = fully_connected(h2_drop, hidden_output_size, scope: "h3");
    var h3_drop = dropout(hidden_layer3, keep_prob, is_training: train_mode);
    var hidden_layer4 = fully_connected(h3_drop, hidden_output_size, scope: "h4");
    var h4_drop = dropout(hidden_layer4, keep_prob, is_training: train_mode);
    hypothesis = fully_connected(h4_drop, final_output_size, activation_fn: ArgScope.NoActivation, scope: "hypothesis");
}

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
            sess.run(optimizer, (X, batch_xs), (Y, batch_ys), (train_mode, true));
            var c = sess.run(cost, (X, batch_xs), (Y, batch_ys), (train_mode, false));
            avg_cost += (double)(float)c / total_batch;
            progress.Step(epoch, i, (float)c);
        }

        progress.Clear();
        print($"[Epoch: {epoch + 1,4}] cost = {avg_cost.ToString("G9", System.Globalization.CultureInfo.InvariantCulture)}");
    }
}

print("Learning Finished!");

// Test model and check accuracy
var correct_prediction = tf.equal(tf.argmax(hypothesis, 1), tf.argmax(Y, 1));
var accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32));
print("Accuracy:", sess.run(accuracy, (X, mnist.test.images), (Y, mnist.test.labels), (train_mode, false)));

// Get one and predict
var r = new System.Random().Next(0, mnist.test.num_examples);
print("Label: ", sess.run(tf.argmax(mnist.test.labels[r..(r + 1)], 1)));
print("Prediction: ", sess.run(tf.argmax(hypothesis, 1), (X, mnist.test.images[r..(r + 1)]), (train_mode, false)));
