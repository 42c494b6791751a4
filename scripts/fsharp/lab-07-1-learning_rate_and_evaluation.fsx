#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 7 Learning rate and Evaluation (hunkim/DeepLearningZeroToAll, lab-07-1-learning_rate_and_evaluation.py) in F#.
// Usage: dotnet fsi scripts/fsharp/lab-07-1-learning_rate_and_evaluation.fsx [LEARNING_RATE]
// The learning rate defaults to 0.1, as the original code; 1.5 and 1e-10 reproduce the other two recorded runs.
open System.Globalization
open type Bridge.Binding

// Recorded in 2017 with numpy < 1.14: print in that style.
np.set_printoptions(legacy = "1.13")

let learning_rate =
    match fsi.CommandLineArgs with
    | [| _; lr |] -> System.Single.Parse(lr, CultureInfo.InvariantCulture)
    | _ -> 0.1f

tf.set_random_seed(777)  // for reproducibility

let x_data = array2D [ [ 1; 2; 1 ]; [ 1; 3; 2 ]; [ 1; 3; 4 ]; [ 1; 5; 5 ]; [ 1; 7; 5 ]; [ 1; 2; 5 ]; [ 1; 6; 6 ]; [ 1; 7; 7 ] ]
let y_data = array2D [ [ 0; 0; 1 ]; [ 0; 0; 1 ]; [ 0; 0; 1 ]; [ 0; 1; 0 ]; [ 0; 1; 0 ]; [ 0; 1; 0 ]; [ 1; 0; 0 ]; [ 1; 0; 0 ] ]

// Evaluation our model using this test dataset
let x_test = array2D [ [ 2; 1; 1 ]; [ 3; 1; 2 ]; [ 3; 3; 4 ] ]
let y_test = array2D [ [ 0; 0; 1 ]; [ 0; 0; 1 ]; [ 0; 0; 1 ] ]

let X = tf.placeholder("float", [| -1; 3 |])
let Y = tf.placeholder("float", [| -1; 3 |])

let W = tf.Variable(tf.random_normal([| 3; 3 |]))
let b = tf.Variable(tf.random_normal([| 3 |]))

// tf.nn.softmax computes softmax activations
// softmax = exp(logits) / reduce_sum(exp(logits), dim)
let hypothesis = tf.nn.softmax(tf.matmul(X, W) + b)

// Cross entropy cost/loss
let cost = tf.reduce_mean(-tf.reduce_sum(Y * tf.log(hypothesis), axis = 1))
// Try to change learning_rate to small numbers
let optimizer = tf.train.GradientDescentOptimizer(learning_rate = learning_rate).minimize(cost)

// Correct prediction Test model
let prediction = tf.argmax(hypothesis, 1)
let is_correct = tf.equal(prediction, tf.argmax(Y, 1))
let accuracy = tf.reduce_mean(tf.cast(is_correct, tf.float32))

// Launch graph
do
    use sess = tf.Session()
    // Initialize TensorFlow variables
    sess.run(tf.global_variables_initializer())

    for step in range(201) do
        let cost_val, W_val, _ = sess.run((cost, W, optimizer), feed_dict = [ X, x_data; Y, y_data ])
        print(step, cost_val, W_val)

    // predict
    print("Prediction:", sess.run(prediction, feed_dict = [ (X, x_test) ]))
    // Calculate the accuracy
    print("Accuracy: ", sess.run(accuracy, feed_dict = [ X, x_test; Y, y_test ]))
