#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 6 Softmax Classifier on the zoo data as of hunkim/DeepLearningZeroToAll commit 248b716 (2017-03-16), the
// version whose output the file's record mostly shows: 2000 steps, the loss and accuracy fetched after each update.
// Argument: the folder holding data-04-zoo.csv (default: the current one).
using Bridge;
using static Bridge.Binding;

// Recorded in 2017 with numpy < 1.14: print in that style.
np.set_printoptions(legacy: "1.13");

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
print("one_hot", Y_one_hot);
Y_one_hot = tf.reshape(Y_one_hot, new[] { -1, nb_classes });
print("reshape", Y_one_hot);

var W = tf.Variable(tf.random_normal(new[] { 16, nb_classes }), name: "weight");
var b = tf.Variable(tf.random_normal(new[] { nb_classes }), name: "bias");

// tf.nn.softmax computes softmax activations
// softmax = exp(logits) / reduce_sum(exp(logits), dim)
var logits = tf.matmul(X, W) + b;
var hypothesis = tf.nn.softmax(logits);

// Cross entropy cost/loss
var cost_i = tf.nn.softmax_cross_entropy_with_logits(logits: logits, labels: Y_one_hot);
var cost = tf.reduce_mean(cost_i);
var optimizer = tf.train.GradientDescentOptimizer(learning_rate: 0.1).minimize(cost);

var prediction = tf.argmax(hypothesis, 1);
var correct_prediction = tf.equal(prediction, tf.argmax(Y_one_hot, 1));
var accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32));
// Launch graph
using (var sess = tf.Session())
{
    sess.run(tf.global_variables_initializer());

    foreach (var step in range(2000))
    {
        sess.run(optimizer, (X, x_data), (Y, y_data));
        if (step % 100 == 0)
        {
            var (loss, acc) = sess.run((cost, accuracy), (X, x_data), (Y, y_data));
            // Python's "Step: {:5}\tLoss: {:.3f}\tAcc: {:.2%}"
            print($"Step: {step,5}\tLoss: {(double)(float)loss!:F3}\tAcc: {100.0 * (float)acc!:F2}%");
        }
    }

    // Let's see if we can predict
    var pred = sess.run(prediction, (X, x_data));
    // y_data: (N,1) = flatten => (N, ) matches pred.shape
    foreach (var (p, y) in zip(pred, y_data.flatten()))
        print($"[{(long)p == (int)(float)y}] Prediction: {p} True Y: {(int)(float)y}");
}
