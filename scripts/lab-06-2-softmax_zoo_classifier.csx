#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 6 Softmax Classifier on the zoo data (hunkim/DeepLearningZeroToAll, lab-06-2-softmax_zoo_classifier.py).
// Argument: the folder holding data-04-zoo.csv (default: the current one, as the original reads it). The file's
// record is mostly from its 2017 version, which printed the loss after each update:
// scripts/versions/lab-06-2-softmax_zoo_classifier@248b716.csx reproduces that record.
using Bridge;
using static Bridge.Binding;

tf.set_random_seed(777);  // for reproducibility

// Predicting animal type based on various features
var folder = Args.Count > 0 ? Args[0] : ".";
var xy = np.loadtxt(Path.Combine(folder, "data-04-zoo.csv"), delimiter: ",", dtype: np.float32);
var x_data = xy[.., 0..^1];
var y_data = xy[.., new[] { -1 }];

print(x_data.shape, y_data.shape);

var nb_classes = 7;  // 0 ~ 6

var X = tf.placeholder(tf.float32, new[] { -1, 16 });
var Y = tf.placeholder(tf.int32, new[] { -1, 1 });  // 0 ~ 6

var Y_one_hot = tf.one_hot(Y, nb_classes);  // one hot
print("one_hot:", Y_one_hot);
Y_one_hot = tf.reshape(Y_one_hot, new[] { -1, nb_classes });
print("reshape one_hot:", Y_one_hot);

var W = tf.Variable(tf.random_normal(new[] { 16, nb_classes }), name: "weight");
var b = tf.Variable(tf.random_normal(new[] { nb_classes }), name: "bias");

// tf.nn.softmax computes softmax activations
// softmax = exp(logits) / reduce_sum(exp(logits), dim)
var logits = tf.matmul(X, W) + b;
var hypothesis = tf.nn.softmax(logits);

// Cross entropy cost/loss (the original wraps the labels in a list: [Y_one_hot] has shape (1, ?, 7), which TF 1.x's
// softmax cross entropy flattens to (?, 7))
var cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits: logits,
                                                                     labels: tf.stop_gradient(new[] { Y_one_hot })));
var optimizer = tf.train.GradientDescentOptimizer(learning_rate: 0.1).minimize(cost);

var prediction = tf.argmax(hypothesis, 1);
var correct_prediction = tf.equal(prediction, tf.argmax(Y_one_hot, 1));
var accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32));

// Launch graph
using (var sess = tf.Session())
{
    sess.run(tf.global_variables_initializer());

    foreach (var step in range(2001))
    {
        var (_, cost_val, acc_val) = sess.run((optimizer, cost, accuracy), (X, x_data), (Y, y_data));

        if (step % 100 == 0)
            // Python's "Step: {:5}\tCost: {:.3f}\tAcc: {:.2%}"
            print($"Step: {step,5}\tCost: {(double)(float)cost_val!:F3}\tAcc: {100.0 * (float)acc_val!:F2}%");
    }

    // Let's see if we can predict
    var pred = sess.run(prediction, (X, x_data));
    // y_data: (N,1) = flatten => (N, ) matches pred.shape
    foreach (var (p, y) in zip(pred, y_data.flatten()))
        print($"[{(long)p == (int)(float)y}] Prediction: {p} True Y: {(int)(float)y}");
}
