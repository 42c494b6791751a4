#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 4 Multi-variable linear regression as of hunkim/DeepLearningZeroToAll commit cb70ec8 (2017-03-03), the version
// whose output the file still records: the cost and prediction are fetched after each update.
using Bridge;
using static Bridge.Binding;

// Recorded in 2017 with numpy < 1.14: print in that style.
np.set_printoptions(legacy: "1.13");

tf.set_random_seed(777);  // for reproducibility

var x1_data = new[] { 73.0, 93.0, 89.0, 96.0, 73.0 };
var x2_data = new[] { 80.0, 88.0, 91.0, 98.0, 66.0 };
var x3_data = new[] { 75.0, 93.0, 90.0, 100.0, 70.0 };

var y_data = new[] { 152.0, 185.0, 180.0, 196.0, 142.0 };

// placeholders for a tensor that will be always fed.
var x1 = tf.placeholder(tf.float32);
var x2 = tf.placeholder(tf.float32);
var x3 = tf.placeholder(tf.float32);

var Y = tf.placeholder(tf.float32);

var w1 = tf.Variable(tf.random_normal(new[] { 1 }), name: "weight1");
var w2 = tf.Variable(tf.random_normal(new[] { 1 }), name: "weight2");
var w3 = tf.Variable(tf.random_normal(new[] { 1 }), name: "weight3");
var b = tf.Variable(tf.random_normal(new[] { 1 }), name: "bias");

var hypothesis = x1 * w1 + x2 * w2 + x3 * w3 + b;
print(hypothesis);

// cost/loss function
var cost = tf.reduce_mean(tf.square(hypothesis - Y));

// Minimize. Need a very small learning rate for this data set
var optimizer = tf.train.GradientDescentOptimizer(learning_rate: 1e-5f);
var train = optimizer.minimize(cost);

// Launch the graph in a session.
var sess = tf.Session();
// Initializes global variables in the graph.
sess.run(tf.global_variables_initializer());
// Set up feed_dict variables inside the loop.
FeedItem[] feed = [(x1, x1_data), (x2, x2_data), (x3, x3_data), (Y, y_data)];

foreach (var step in range(2001))
{
    sess.run(train, feed);
    if (step % 10 == 0)
        print(step, "Cost: ", sess.run(cost, feed), "\nPrediction:\n", sess.run(hypothesis, feed));
}
