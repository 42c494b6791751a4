#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 9 XOR with a neural network (hunkim/DeepLearningZeroToAll, lab-09-2-xor-nn.py) in F#: two layers learn XOR.
// Run: dotnet fsi scripts/fsharp/lab-09-2-xor-nn.fsx
open type Bridge.Binding

// Recorded in 2019 (numpy >= 1.14): modern printing, the default.

tf.set_random_seed(777)  // for reproducibility

let x_data = np.array(array2D [ [ 0; 0 ]; [ 0; 1 ]; [ 1; 0 ]; [ 1; 1 ] ], dtype = np.float32)
let y_data = np.array(array2D [ [ 0 ]; [ 1 ]; [ 1 ]; [ 0 ] ], dtype = np.float32)

let X = tf.placeholder(tf.float32, [| -1; 2 |])
let Y = tf.placeholder(tf.float32, [| -1; 1 |])

let W1 = tf.Variable(tf.random_normal([| 2; 2 |]), name = "weight1")
let b1 = tf.Variable(tf.random_normal([| 2 |]), name = "bias1")
let layer1 = tf.sigmoid(tf.matmul(X, W1) + b1)

let W2 = tf.Variable(tf.random_normal([| 2; 1 |]), name = "weight2")
let b2 = tf.Variable(tf.random_normal([| 1 |]), name = "bias2")
let hypothesis = tf.sigmoid(tf.matmul(layer1, W2) + b2)

// cost/loss function
let cost = -tf.reduce_mean(Y * tf.log(hypothesis) + (1 - Y) * tf.log(1 - hypothesis))
let train = tf.train.GradientDescentOptimizer(learning_rate = 0.1f).minimize(cost)

// Accuracy computation
// True if hypothesis>0.5 else False (F#'s > is structural comparison, so the op Python's > stands for: tf.greater)
let predicted = tf.cast(tf.greater(hypothesis, 0.5), dtype = tf.float32)
let accuracy = tf.reduce_mean(tf.cast(tf.equal(predicted, Y), dtype = tf.float32))

// Launch graph
do
    use sess = tf.Session()
    // Initialize TensorFlow variables
    sess.run(tf.global_variables_initializer())

    for step in range(10001) do
        let _, cost_val = sess.run((train, cost), feed_dict = [ X, x_data; Y, y_data ])
        if step % 100 = 0 then
            print(step, cost_val)

    // Accuracy report
    let h, p, a = sess.run((hypothesis, predicted, accuracy), feed_dict = [ X, x_data; Y, y_data ])
    print($"\nHypothesis:\n{h} \nPredicted:\n{p} \nAccuracy:\n{a}")
