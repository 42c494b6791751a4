#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 3 Minimizing Cost with TF's optimizer as of hunkim/DeepLearningZeroToAll commit e95258a (2017-06-10), the
// version whose output the 2017 record shows: W is printed before each update.
using Bridge;
using static Bridge.Binding;

// Recorded in 2017 with numpy < 1.14: print in that style.
np.set_printoptions(legacy: "1.13");

tf.set_random_seed(777);  // for reproducibility

// tf Graph Input
var X = new[] { 1, 2, 3 };
var Y = new[] { 1, 2, 3 };

// Set wrong model weights
var W = tf.Variable(5.0);

// Linear model
var hypothesis = X * W;

// cost/loss function
var cost = tf.reduce_mean(tf.square(hypothesis - Y));

// Minimize: Gradient Descent Magic
var optimizer = tf.train.GradientDescentOptimizer(learning_rate: 0.1f);
var train = optimizer.minimize(cost);

// Launch the graph in a session.
var sess = tf.Session();
// Initializes global variables in the graph.
sess.run(tf.global_variables_initializer());

foreach (var step in range(100))
{
    print(step, sess.run(W));
    sess.run(train);
}
