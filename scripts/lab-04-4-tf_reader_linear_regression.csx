#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 4 Multi-variable linear regression with TF's reading pipeline (hunkim/DeepLearningZeroToAll,
// lab-04-4-tf_reader_linear_regression.py). Argument: the folder holding data-01-test-score.csv (default: the current one).
// https://www.tensorflow.org/programmers_guide/reading_data
// TF 1.0 (the lab's 2017 record) prints "Your score will be [[ 177.78144836]]"; the 2019 record came from a later
// TF whose tf.train.batch creates 11 fewer ops, which moves the random seeds of W and b.
using Bridge;
using static Bridge.Binding;

tf.set_random_seed(777);  // for reproducibility

var folder = Args.Count > 0 ? Args[0] : ".";
var filename_queue = tf.train.string_input_producer(
    new[] { Path.Combine(folder, "data-01-test-score.csv") }, shuffle: false, name: "filename_queue");

var reader = tf.TextLineReader();
var (key, value) = reader.read(filename_queue);

// Default values, in case of empty columns. Also specifies the type of the
// decoded result.
var record_defaults = new[] { new[] { 0f }, new[] { 0f }, new[] { 0f }, new[] { 0f } };
var xy = tf.decode_csv(value, record_defaults: record_defaults);

// collect batches of csv in
var batch = tf.train.batch(new object[] { xy[0..^1], xy[^1..] }, batch_size: 10);
var (train_x_batch, train_y_batch) = (batch[0], batch[1]);

// placeholders for a tensor that will be always fed.
var X = tf.placeholder(tf.float32, shape: new[] { -1, 3 });
var Y = tf.placeholder(tf.float32, shape: new[] { -1, 1 });

var W = tf.Variable(tf.random_normal(new[] { 3, 1 }), name: "weight");
var b = tf.Variable(tf.random_normal(new[] { 1 }), name: "bias");

// Hypothesis
var hypothesis = tf.matmul(X, W) + b;

// Simplified cost/loss function
var cost = tf.reduce_mean(tf.square(hypothesis - Y));

// Minimize
var optimizer = tf.train.GradientDescentOptimizer(learning_rate: 1e-5f);
var train = optimizer.minimize(cost);

// Launch the graph in a session.
var sess = tf.Session();
// Initializes global variables in the graph.
sess.run(tf.global_variables_initializer());

// Start populating the filename queue.
var coord = tf.train.Coordinator();
var threads = tf.train.start_queue_runners(sess: sess, coord: coord);

for (int step = 0; step < 2001; step++)
{
    var (x_batch, y_batch) = sess.run((train_x_batch, train_y_batch));
    var (cost_val, hy_val, _) = sess.run((cost, hypothesis, train), (X, x_batch), (Y, y_batch));
    if (step % 10 == 0)
        print(step, "Cost: ", cost_val, "\nPrediction:\n", hy_val);
}

coord.request_stop();
coord.join(threads);

// Ask my score
print("Your score will be ",
      sess.run(hypothesis, (X, new[,] { { 100f, 70f, 101f } })));

print("Other scores will be ",
      sess.run(hypothesis, (X, new[,] { { 60f, 70f, 110f }, { 90f, 100f, 80f } })));
