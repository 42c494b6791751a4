#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 11 MNIST and Convolutional Neural Network (hunkim/DeepLearningZeroToAll, lab-11-1-mnist_cnn.py): two
// conv 3x3 + relu + max-pool 2x2 layers (28x28x1 -> 14x14x32 -> 7x7x64), a 3136 -> 10 Xavier layer, 15 epochs of Adam.
// Usage: bridge run scripts/lab-11-1-mnist_cnn.csx [-- DATA_DIR] [--epochs N]
// DATA_DIR defaults to MNIST_data/ as in the original. As in lab 10, the record (TF 1.0, unseeded MNIST shuffling)
// cannot be reproduced; the run is deterministic and prints what the unmodified Python file prints through Bridge.
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

var mnist = input_data.read_data_sets(dataDir, one_hot: true, log: tf_output_redirect);

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

// L2 ImgIn shape=(?, 14, 14, 32)
var W2 = tf.Variable(tf.random_normal(new[] { 3, 3, 32, 64 }, stddev: 0.01));
//    Conv      ->(?, 14, 14, 64)
//    Pool      ->(?, 7, 7, 64)
var L2 = tf.nn.conv2d(L1, W2, strides: new[] { 1, 1, 1, 1 }, padding: "SAME");
L2 = tf.nn.relu(L2);
L2 = tf.nn.max_pool(L2, ksize: new[] { 1, 2, 2, 1 },
                    strides: new[] { 1, 2, 2, 1 }, padding: "SAME");
var L2_flat = tf.reshape(L2, new[] { -1, 7 * 7 * 64 });

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

        progress.Clear();
        print("Epoch:", $"{epoch + 1:0000}", "cost =", $"{avg_cost:F9}");
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
