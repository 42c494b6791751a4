#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 10-6 (hunkim/DeepLearningZeroToAll, lab-10-6-mnist_nn_batchnorm.ipynb): two 784-32-32-10 nets trained side by
// side with Adam (lr 0.01, batch 32), one with tf.layers.batch_normalization(training=mode) after each dense layer,
// the other without; per epoch the loss and accuracy on the training set (in batches of 32) and the validation set.
// Usage: bridge run scripts/lab-10-6-mnist_nn_batchnorm.csx [-- DATA_DIR] [--epochs N] [--train-size N]
// DATA_DIR defaults to MNIST_data/ as in the original; the notebook runs 10 epochs. The notebook sets no random seed,
// so neither its record nor this run is reproducible digit for digit: compare accuracies, not cost digits.
// --train-size N: the notebook's N, the images an epoch trains on (55000; a smaller N makes a quick run).
using System;
using System.Linq;
using Bridge;
using static Bridge.Binding;

var dataDir = "MNIST_data/";
int epoch_n = 10;
int N = 55000;
for (int a = 0; a < Args.Count; a++)
{
    if (Args[a] == "--epochs" && a + 1 < Args.Count) epoch_n = int.Parse(Args[++a], System.Globalization.CultureInfo.InvariantCulture);
    else if (Args[a] == "--train-size" && a + 1 < Args.Count) N = int.Parse(Args[++a], System.Globalization.CultureInfo.InvariantCulture);
    else if (Args[a].StartsWith("--")) throw new ArgumentException($"unknown option {Args[a]}: use --epochs N or --train-size N");
    else dataDir = Args[a];
}

var mnist = input_data.read_data_sets(dataDir, one_hot: true);
print(mnist.train.images.shape);

const int input_dim = 784;
const int output_dim = 10;

tf.reset_default_graph();
var sess = tf.InteractiveSession();

// We create two models: one with the batch norm and other without
var bn = new Model("batchnorm", input_dim, output_dim, use_batchnorm: true);
var nn = new Model("no_norm", input_dim, output_dim, use_batchnorm: false);
var bn_solver = new Solver(sess, bn);
var nn_solver = new Solver(sess, nn);

const int batch_size = 32;

var init = tf.global_variables_initializer();
sess.run(init);

using (var progress = new TrainingProgress(epoch_n, N / batch_size))
{
    for (int epoch = 0; epoch < epoch_n; epoch++)
    {
        for (int i = 0; i < N / batch_size; i++)
        {
            var (X_batch, y_batch) = mnist.train.next_batch(batch_size);
            var bn_loss = bn_solver.train(X_batch, y_batch);
            nn_solver.train(X_batch, y_batch);
            progress.Step(epoch, i, bn_loss);
        }
        progress.Clear();

        var (b_loss, b_acc) = bn_solver.evaluate(mnist.train.images, mnist.train.labels, batch_size);
        var (n_loss, n_acc) = nn_solver.evaluate(mnist.train.images, mnist.train.labels, batch_size);
        print($"[Epoch {epoch}-TRAIN] Batchnorm Loss(Acc): {b_loss:F5}({b_acc * 100:F2}%) vs No Batchnorm Loss(Acc): {n_loss:F5}({n_acc * 100:F2}%)");

        (b_loss, b_acc) = bn_solver.evaluate(mnist.validation.images, mnist.validation.labels);
        (n_loss, n_acc) = nn_solver.evaluate(mnist.validation.images, mnist.validation.labels);
        print($"[Epoch {epoch}-VALID] Batchnorm Loss(Acc): {b_loss:F5}({b_acc * 100:F2}%) vs No Batchnorm Loss(Acc): {n_loss:F5}({n_acc * 100:F2}%)");
        print();
    }
}

var (tl, ta) = bn_solver.evaluate(mnist.test.images, mnist.test.labels);
print($"[{tl}, {ta}]");
(tl, ta) = nn_solver.evaluate(mnist.test.images, mnist.test.labels);
print($"[{tl}, {ta}]");

/// <summary>The notebook's Model: placeholders X, y and the bool train_mode; dense (+ batch norm) + relu layers.</summary>
class Model
{
    public Tensor X, y, mode, loss, accuracy;
    public Operation train_op;

    public Model(string name, int input_dim, int output_dim, bool use_batchnorm = true, double lr = 0.01)
    {
        int[] hidden_dims = [32, 32];
        using (tf.variable_scope(name))
        {
            X = tf.placeholder(tf.float32, new[] { -1, input_dim }, name: "X");
            y = tf.placeholder(tf.float32, new[] { -1, output_dim }, name: "y");
            mode = tf.placeholder(tf.@bool, name: "train_mode");

            var net = X;
            for (int i = 0; i < hidden_dims.Length; i++)
            {
                using (tf.variable_scope($"layer{i}"))
                {
                    net = tf.layers.dense(net, hidden_dims[i]);
                    if (use_batchnorm)
                        net = tf.layers.batch_normalization(net, training: mode);
                    net = tf.nn.relu(net);
                }
            }
            net = tf.contrib.layers.flatten(net);
            net = tf.layers.dense(net, output_dim);

            loss = tf.nn.softmax_cross_entropy_with_logits(logits: net, labels: y);
            loss = tf.reduce_mean(loss, name: "loss");

            // When using the batchnormalization layers, it is necessary to manually add the update operations
            var update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS, scope: name).OfType<ITensorOrOperation>().ToArray();
            using (tf.control_dependencies(update_ops))
                train_op = tf.train.AdamOptimizer(lr).minimize(loss);

            var softmax = tf.nn.softmax(net, name: "softmax");
            accuracy = tf.equal(tf.argmax(softmax, 1), tf.argmax(y, 1));
            accuracy = tf.reduce_mean(tf.cast(accuracy, tf.float32));
        }
    }
}

/// <summary>The notebook's Solver: train and evaluate (in batches, summing float32 as numpy does).</summary>
class Solver(Session sess, Model model)
{
    public float train(NDArray X, NDArray y)
    {
        var (_, loss) = sess.run((model.train_op, model.loss), (model.X, X), (model.y, y), (model.mode, true));
        return (float)loss!;
    }

    public (double loss, double acc) evaluate(NDArray X, NDArray y, int? batch_size = null)
    {
        if (batch_size is int bs)
        {
            int n = (int)X.shape[0];
            // numpy: 0 + float32 * int stays float32.
            float total_loss = 0, total_acc = 0;
            for (int i = 0; i < n; i += bs)
            {
                int end = Math.Min(i + bs, n);
                var (step_loss, step_acc) = sess.run((model.loss, model.accuracy), (model.X, X[i..end]), (model.y, y[i..end]), (model.mode, false));
                total_loss += (float)step_loss! * (end - i);
                total_acc += (float)step_acc! * (end - i);
            }
            return (total_loss / n, total_acc / n);
        }
        var (l, a) = sess.run((model.loss, model.accuracy), (model.X, X), (model.y, y), (model.mode, false));
        return ((float)l!, (float)a!);
    }
}
