#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 4 Multi-variable linear regression with matmul as of hunkim/DeepLearningZeroToAll commit 042d21d (2017-03-03),
// the version whose output the file still records: the cost and prediction are fetched after each update.
using Bridge;
using static Bridge.Binding;

// Recorded in 2017 with numpy < 1.14: print in that style.
np.set_printoptions(legacy: "1.13");

tf.set_random_seed(777);  // for reproducibility

var x_data = new[,] { { 73.0, 80.0, 75.0 }, { 93.0, 88.0, 93.0 },
                      { 89.0, 91.0, 90.0 }, { 96.0, 98.0, 100.0 }, { 73.0, 66.0, 70.0 } };
var y_data = new[,] { { 152.0 }, { 185.0 }, { 180.0 }, { 196.0 }, { 142.0 } };

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
// Set up feed_dict variables inside the loop.
FeedItem[] feed = [(X, x_data), (Y, y_data)];

foreach (var step in range(2001))
{
    sess.run(train, feed);
    if (step % 10 == 0)
        print(step, "Cost: ", sess.run(cost, feed), "\nPrediction:\n", sess.run(hypothesis, feed));
}
