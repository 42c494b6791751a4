#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 3 Minimizing Cost with compute_gradients / apply_gradients as of hunkim/DeepLearningZeroToAll commit fc9566f
// (2017-04-08), the version whose output the 2017 record shows: the gradients and W before each update.
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

// Manual gradient
var gradient = tf.reduce_mean((W * X - Y) * X) * 2;

// cost/loss function
var cost = tf.reduce_mean(tf.square(hypothesis - Y));

// Minimize: Gradient Descent Magic
var optimizer = tf.train.GradientDescentOptimizer(learning_rate: 0.01f);
var train = optimizer.minimize(cost);

// Get gradients
var gvs = optimizer.compute_gradients(cost, new[] { W });

// Apply gradients
var apply_gradients = optimizer.apply_gradients(gvs);

// Launch the graph in a session.
var sess = tf.Session();
// Initializes global variables in the graph.
sess.run(tf.global_variables_initializer());

foreach (var step in range(100))
{
    // Python's sess.run([gradient, W, gvs]) returns a list: [37.333332, 5.0, [(37.333336, 5.0)]]
    print(step, sess.run_nested(new object[] { gradient, W, gvs }));
    sess.run(apply_gradients);
    // Same as sess.run(train)
}
