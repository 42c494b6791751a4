#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 7 MNIST introduction (hunkim/DeepLearningZeroToAll, lab-07-4-mnist_introduction.py): a softmax classifier
// on MNIST, 15 epochs of mini-batch gradient descent.
// Usage: bridge run scripts/lab-07-4-mnist_introduction.csx [-- DATA_DIR] [--learning-rate R] [--epochs N]
//        [--batch-size B] [--seed S] [--pictures DIR]
// DATA_DIR defaults to MNIST_data/ as in the original (the four files are downloaded there if missing).
// The lecture's own experiment: --learning-rate 0.4 --epochs 100 (92.25%).
using Bridge;
using static Bridge.Binding;

// Options: the data folder first, then named ones; the defaults are the original's.
var dataDir = "MNIST_data/";
float learningRate = 0.1f;
int epochs = 15, batchSize = 100;
int? seed = null;
var picturesDir = "pictures"; // a folder of its own in the current one (the repository root stays clean)
for (int a = 0; a < Args.Count; a++)
{
    string Next() => a + 1 < Args.Count ? Args[++a] : throw new ArgumentException($"option {Args[a]} needs a value");
    var inv = System.Globalization.CultureInfo.InvariantCulture;
    switch (Args[a])
    {
        case "--learning-rate": learningRate = float.Parse(Next(), inv); break;
        case "--epochs": epochs = int.Parse(Next(), inv); break;
        case "--batch-size": batchSize = int.Parse(Next(), inv); break;
        case "--seed": seed = int.Parse(Next(), inv); break;
        case "--pictures": picturesDir = Next(); break;
        default:
            if (Args[a].StartsWith("--")) throw new ArgumentException($"unknown option {Args[a]}: use --learning-rate, --epochs, --batch-size, --seed or --pictures");
            dataDir = Args[a];
            break;
    }
}

tf.set_random_seed(777);  // for reproducibility

// Check out https://www.tensorflow.org/get_started/mnist/beginners for
// more information about the mnist dataset
// (TF printed its "Extracting ..." lines to stdout, where print writes.)
var mnist = input_data.read_data_sets(dataDir, one_hot: true, seed: seed);

var nb_classes = 10;

// MNIST data image of shape 28 * 28 = 784
var X = tf.placeholder(tf.float32, new[] { -1, 784 });
// 0 - 9 digits recognition = 10 classes
var Y = tf.placeholder(tf.float32, new[] { -1, nb_classes });

var W = tf.Variable(tf.random_normal(new[] { 784, nb_classes }));
var b = tf.Variable(tf.random_normal(new[] { nb_classes }));

// Hypothesis (using softmax)
var hypothesis = tf.nn.softmax(tf.matmul(X, W) + b);

var cost = tf.reduce_mean(-tf.reduce_sum(Y * tf.log(hypothesis), axis: 1));
var train = tf.train.GradientDescentOptimizer(learning_rate: learningRate).minimize(cost);

// Test model
var is_correct = tf.equal(tf.argmax(hypothesis, 1), tf.argmax(Y, 1));
// Calculate accuracy
var accuracy = tf.reduce_mean(tf.cast(is_correct, tf.float32));

// parameters
var num_epochs = epochs;
var batch_size = batchSize;
var num_iterations = mnist.train.num_examples / batch_size;
var costs = new List<double>();

using (var sess = tf.Session())
{
    // Initialize TensorFlow variables
    sess.run(tf.global_variables_initializer());
    // Progress (epoch, step, cost, ETA) on an interactive terminal only.
    using var progress = new TrainingProgress(num_epochs, num_iterations);

    // Training cycle
    foreach (var epoch in range(num_epochs))
    {
        double avg_cost = 0;  // numpy: float32 cost / int is float64

        foreach (var i in range(num_iterations))
        {
            var (batch_xs, batch_ys) = mnist.train.next_batch(batch_size);
            var (_, cost_val) = sess.run((train, cost), (X, batch_xs), (Y, batch_ys));
            avg_cost += (double)(float)cost_val! / num_iterations;
            progress.Step(epoch, i, (float)cost_val);
        }

        progress.Clear();
        print($"Epoch: {epoch + 1:0000}, Cost: {avg_cost:F9}");
        costs.Add(avg_cost);
    }

    print("Learning finished");

    // Test the model using test sets
    print("Accuracy: ", accuracy.eval(sess, (X, mnist.test.images), (Y, mnist.test.labels)));

    // Get one and predict
    var r = new Random().Next(0, mnist.test.num_examples);
    print("Label: ", sess.run(tf.argmax(mnist.test.labels[r..(r + 1)], 1)));
    print("Prediction: ", sess.run(tf.argmax(hypothesis, 1), (X, mnist.test.images[r..(r + 1)])));

    // The original showed the digit with matplotlib (cmap="Greys"); here it is a PNG, with the cost per epoch.
    Directory.CreateDirectory(picturesDir);
    var digit = Path.Combine(picturesDir, "lab-07-4-digit.png");
    Pictures.Digit(mnist.test.images[r..(r + 1)].reshape(28, 28), digit);
    var chart = Path.Combine(picturesDir, "lab-07-4-cost.png");
    Pictures.CostPerEpoch(costs, chart);
    Console.Error.WriteLine($"Pictures: {digit}, {chart}");
}
