#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 10-1 MNIST softmax classifier with Adam (hunkim/DeepLearningZeroToAll, lab-10-1-mnist_softmax.py): 50 epochs.
// Usage: bridge run scripts/lab-10-1-mnist_softmax.csx [-- DATA_DIR] [--epochs N]
// DATA_DIR defaults to MNIST_data/ as in the original (the four files are downloaded there if missing). The record
// (2019) was made by a TF whose MNIST loader seeds its shuffling from tf.set_random_seed, as Bridge's does.
using Bridge;
using static Bridge.Binding;

var dataDir = "MNIST_data/";
int epochs = 50;
for (int a = 0; a < Args.Count; a++)
{
    if (Args[a] == "--epochs" && a + 1 < Args.Count) epochs = int.Parse(Args[++a], System.Globalization.CultureInfo.InvariantCulture);
    else if (Args[a].StartsWith("--")) throw new ArgumentException($"unknown option {Args[a]}: use --epochs N");
    else dataDir = Args[a];
}

tf.set_random_seed(777);  // reproducibility

// Check out https://www.tensorflow.org/get_started/mnist/beginners for
// more information about the mnist dataset
var mnist = input_data.read_data_sets(dataDir, one_hot: true);

// input place holders
var X = tf.placeholder(tf.float32, new[] { -1, 784 });
var Y = tf.placeholder(tf.float32, new[] { -1, 10 });

// weights & bias for nn layers
var W = tf.Variable(tf.random_normal(new[] { 784, 10 }));
var b = tf.Variable(tf.random_normal(new[] { 10 }));

// parameters
var learning_rate = 0.001;
var batch_size = 100;
var num_epochs = epochs;
var num_iterations = mnist.train.num_examples / batch_size;

var hypothesis = tf.matmul(X, W) + b;

// define cost/loss & optimizer
var cost = tf.reduce_mean(
    tf.nn.softmax_cross_entropy_with_logits_v2(
        logits: hypothesis, labels: tf.stop_gradient(Y)
    )
);
var train = tf.train.AdamOptimizer(learning_rate: learning_rate).minimize(cost);

var correct_prediction = tf.equal(tf.argmax(hypothesis, axis: 1), tf.argmax(Y, axis: 1));
var accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32));

// train my model
using (var sess = tf.Session())
{
    // initialize
    sess.run(tf.global_variables_initializer());
    using var progress = new TrainingProgress(num_epochs, num_iterations);

    foreach (var epoch in range(num_epochs))
    {
        double avg_cost = 0;  // numpy: a float32 cost / an int is float64

        foreach (var iteration in range(num_iterations))
        {
            var (batch_xs, batch_ys) = mnist.train.next_batch(batch_size);
            var (_, cost_val) = sess.run((train, cost), (X, batch_xs), (Y, batch_ys));
            avg_cost += (double)(float)cost_val! / num_iterations;
            progress.Step(epoch, iteration, (float)cost_val);
        }

        progress.Clear();
        print($"Epoch: {epoch + 1:0000}, Cost: {avg_cost:F9}");
    }

    print("Learning Finished!");

    // Test model and check accuracy
    print("Accuracy:", sess.run(accuracy, (X, mnist.test.images), (Y, mnist.test.labels)));

    // Get one and predict (the original shows the digit with matplotlib)
    var r = new System.Random().Next(0, mnist.test.num_examples);
    print("Label: ", sess.run(tf.argmax(mnist.test.labels[r..(r + 1)], axis: 1)));
    print("Prediction: ", sess.run(tf.argmax(hypothesis, axis: 1), (X, mnist.test.images[r..(r + 1)])));
}
