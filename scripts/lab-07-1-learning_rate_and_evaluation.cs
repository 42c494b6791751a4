#:package ZeroToAll.Bridge@0.1.0
// .NET 10 file-based app (needs the package in artifacts/feed: dotnet pack src/Bridge -c Release -o artifacts/feed).
// The same code as lab-07-1-learning_rate_and_evaluation.csx.
// Lab 7 Learning rate and Evaluation (hunkim/DeepLearningZeroToAll, lab-07-1-learning_rate_and_evaluation.py).
// Usage: dotnet run scripts/lab-07-1-learning_rate_and_evaluation.cs [-- LEARNING_RATE]
// The learning rate defaults to 0.1, as the original code; 1.5 and 1e-10 reproduce the other two recorded runs.
using Bridge;
using static Bridge.Binding;

// Recorded in 2017 with numpy < 1.14: print in that style.
np.set_printoptions(legacy: "1.13");

var learning_rate = args.Length > 0 ? float.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 0.1f;

tf.set_random_seed(777);  // for reproducibility

var x_data = new[,] { { 1, 2, 1 }, { 1, 3, 2 }, { 1, 3, 4 }, { 1, 5, 5 }, { 1, 7, 5 }, { 1, 2, 5 }, { 1, 6, 6 }, { 1, 7, 7 } };
var y_data = new[,] { { 0, 0, 1 }, { 0, 0, 1 }, { 0, 0, 1 }, { 0, 1, 0 }, { 0, 1, 0 }, { 0, 1, 0 }, { 1, 0, 0 }, { 1, 0, 0 } };

// Evaluation our model using this test dataset
var x_test = new[,] { { 2, 1, 1 }, { 3, 1, 2 }, { 3, 3, 4 } };
var y_test = new[,] { { 0, 0, 1 }, { 0, 0, 1 }, { 0, 0, 1 } };

var X = tf.placeholder("float", new[] { -1, 3 });
var Y = tf.placeholder("float", new[] { -1, 3 });

var W = tf.Variable(tf.random_normal(new[] { 3, 3 }));
var b = tf.Variable(tf.random_normal(new[] { 3 }));

// tf.nn.softmax computes softmax activations
// softmax = exp(logits) / reduce_sum(exp(logits), dim)
var hypothesis = tf.nn.softmax(tf.matmul(X, W) + b);

// Cross entropy cost/loss
var cost = tf.reduce_mean(-tf.reduce_sum(Y * tf.log(hypothesis), axis: 1));
// Try to change learning_rate to small numbers
var optimizer = tf.train.GradientDescentOptimizer(learning_rate: learning_rate).minimize(cost);

// Correct prediction Test model
var prediction = tf.argmax(hypothesis, 1);
var is_correct = tf.equal(prediction, tf.argmax(Y, 1));
var accuracy = tf.reduce_mean(tf.cast(is_correct, tf.float32));

// Launch graph
using (var sess = tf.Session())
{
    // Initialize TensorFlow variables
    sess.run(tf.global_variables_initializer());

    foreach (var step in range(201))
    {
        var (cost_val, W_val, _) = sess.run((cost, W, optimizer), (X, x_data), (Y, y_data));
        print(step, cost_val, W_val);
    }

    // predict
    print("Prediction:", sess.run(prediction, (X, x_test)));
    // Calculate the accuracy
    print("Accuracy: ", sess.run(accuracy, (X, x_test), (Y, y_test)));
}
