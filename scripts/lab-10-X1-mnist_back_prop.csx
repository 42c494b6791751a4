#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 10 back propagation by hand on MNIST (hunkim/DeepLearningZeroToAll, lab-10-X1-mnist_back_prop.py): a 784-30-10
// sigmoid network trained by tf.assign with the chain rule written out (http://blog.aloni.org/posts/backprop-with-tensorflow/),
// 10000 steps of 10 examples; every 1000 steps it prints how many of the first 1000 test images it gets right.
// Usage: bridge run scripts/lab-10-X1-mnist_back_prop.csx [-- DATA_DIR] [--steps N] [--pictures DIR]
// DATA_DIR defaults to MNIST_data/ as in the original; --steps shortens the run (the printed lines are a prefix of
// the full run's). Prints what the unmodified Python file prints through `python3 -m bridge run`. Beside it: the
// test accuracy at each printed step as a PNG chart in DIR (default ".").
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Bridge;
using static Bridge.Binding;

var dataDir = "MNIST_data/";
int steps = 10000;
var picturesDir = ".";
for (int a = 0; a < Args.Count; a++)
{
    string Next() => a + 1 < Args.Count ? Args[++a] : throw new ArgumentException($"option {Args[a]} needs a value");
    switch (Args[a])
    {
        case "--steps": steps = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
        case "--pictures": picturesDir = Next(); break;
        default:
            if (Args[a].StartsWith("--")) throw new ArgumentException($"unknown option {Args[a]}: use --steps N or --pictures DIR");
            dataDir = Args[a];
            break;
    }
}

tf.set_random_seed(777);  // reproducibility

// Check out https://www.tensorflow.org/get_started/mnist/beginners for
// more information about the mnist dataset
var mnist = input_data.read_data_sets(dataDir, one_hot: true);

var X = tf.placeholder(tf.float32, new[] { -1, 784 });
var Y = tf.placeholder(tf.float32, new[] { -1, 10 });

var w1 = tf.Variable(tf.truncated_normal(new[] { 784, 30 }));
var b1 = tf.Variable(tf.truncated_normal(new[] { 1, 30 }));
var w2 = tf.Variable(tf.truncated_normal(new[] { 30, 10 }));
var b2 = tf.Variable(tf.truncated_normal(new[] { 1, 10 }));

// sigmoid function
// (TF 1.x's deprecated tf.div of two float32 tensors is their quotient: tf.divide, one op, as the Python file's under Bridge)
Tensor sigma(Tensor x) => tf.divide(tf.constant(1.0f), tf.add(tf.constant(1.0f), tf.exp(-x)));

// derivative of the sigmoid function
Tensor sigma_prime(Tensor x) => sigma(x) * (1 - sigma(x));

// Forward prop
var l1 = tf.add(tf.matmul(X, w1), b1);
var a1 = sigma(l1);
var l2 = tf.add(tf.matmul(a1, w2), b2);
var y_pred = sigma(l2);

// diff
if (!y_pred.shape.as_list().SequenceEqual(Y.shape.as_list())) throw new InvalidOperationException("y_pred and Y differ in shape");
var diff = (y_pred - Y);

// Back prop (chain rule)
var d_l2 = diff * sigma_prime(l2);
var d_b2 = d_l2;
var d_w2 = tf.matmul(tf.transpose(a1), d_l2);

var d_a1 = tf.matmul(d_l2, tf.transpose(w2));
var d_l1 = d_a1 * sigma_prime(l1);
var d_b1 = d_l1;
var d_w1 = tf.matmul(tf.transpose(X), d_l1);

// Updating network using gradients
var learning_rate = 0.5;
var step = new[]
{
    tf.assign(w1, w1 - learning_rate * d_w1),
    tf.assign(b1, b1 - learning_rate *
              tf.reduce_mean(d_b1, axis: new[] { 0 })),
    tf.assign(w2, w2 - learning_rate * d_w2),
    tf.assign(b2, b2 - learning_rate *
              tf.reduce_mean(d_b2, axis: new[] { 0 })),
};

// 7. Running and testing the training process
var acct_mat = tf.equal(tf.argmax(y_pred, 1), tf.argmax(Y, 1));
var acct_res = tf.reduce_sum(tf.cast(acct_mat, tf.float32));

var sess = tf.InteractiveSession();
sess.run(tf.global_variables_initializer());

var printedSteps = new List<double>();
var rightOf1000 = new List<double>();
using (var progress = new TrainingProgress(1, steps))
{
    foreach (var i in range(steps))
    {
        var (batch_xs, batch_ys) = mnist.train.next_batch(10);
        sess.run(step, (X, batch_xs), (Y, batch_ys));
        progress.Step(0, i);
        if (i % 1000 == 0)
        {
            var res = sess.run(acct_res, (X, mnist.test.images[..1000]), (Y, mnist.test.labels[..1000]));
            print(res);
            printedSteps.Add(i);
            rightOf1000.Add((float)res / 1000.0);
        }
    }
}

// 8. Automatic differentiation in TensorFlow
var cost = diff * diff;
var step2 = tf.train.GradientDescentOptimizer(0.1).minimize(cost);

// The lab's tested accuracy at each printed step, as a PNG chart (it prints only the counts).
if (printedSteps.Count > 0)
{
    Directory.CreateDirectory(picturesDir);
    var chart = Path.Combine(picturesDir, "lab-10-X1-accuracy.png");
    Pictures.Line(printedSteps, rightOf1000, chart, "Accuracy on the first 1000 test images", "Step", "Accuracy");
    Console.Error.WriteLine($"Pictures: {chart}");
}
