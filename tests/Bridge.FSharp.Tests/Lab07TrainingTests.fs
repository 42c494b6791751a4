/// Lab 07-1 (learning rate 0.1) trained through the F# surface: steps 0 to 2 and 199, 200, Prediction and Accuracy
/// must print the original run's text (tests/data/originals), digit for digit.
module Bridge.FSharp.Tests.Lab07TrainingTests

open System.IO
open NUnit.Framework
open type Bridge.Binding
open Bridge.FSharp.Tests.Support

/// The lab as scripts/fsharp/lab-07-1-learning_rate_and_evaluation.fsx writes it, on a fresh graph; returns what it prints.
let private runLab () =
    use _graph = tf.Graph().as_default()
    let output = new StringWriter()
    tf_output_redirect <- output
    try
        np.set_printoptions(legacy = "1.13")
        tf.set_random_seed 777
        let x_data = array2D [ [ 1; 2; 1 ]; [ 1; 3; 2 ]; [ 1; 3; 4 ]; [ 1; 5; 5 ]; [ 1; 7; 5 ]; [ 1; 2; 5 ]; [ 1; 6; 6 ]; [ 1; 7; 7 ] ]
        let y_data = array2D [ [ 0; 0; 1 ]; [ 0; 0; 1 ]; [ 0; 0; 1 ]; [ 0; 1; 0 ]; [ 0; 1; 0 ]; [ 0; 1; 0 ]; [ 1; 0; 0 ]; [ 1; 0; 0 ] ]
        let x_test = array2D [ [ 2; 1; 1 ]; [ 3; 1; 2 ]; [ 3; 3; 4 ] ]
        let y_test = array2D [ [ 0; 0; 1 ]; [ 0; 0; 1 ]; [ 0; 0; 1 ] ]
        let X = tf.placeholder("float", [| -1; 3 |])
        let Y = tf.placeholder("float", [| -1; 3 |])
        let W = tf.Variable(tf.random_normal([| 3; 3 |]))
        let b = tf.Variable(tf.random_normal([| 3 |]))
        let hypothesis = tf.nn.softmax(tf.matmul(X, W) + b)
        let cost = tf.reduce_mean(-tf.reduce_sum(Y * tf.log(hypothesis), axis = 1))
        let optimizer = tf.train.GradientDescentOptimizer(learning_rate = 0.1f).minimize(cost)
        let prediction = tf.argmax(hypothesis, 1)
        let is_correct = tf.equal(prediction, tf.argmax(Y, 1))
        let accuracy = tf.reduce_mean(tf.cast(is_correct, tf.float32))
        use sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for step in range(201) do
            let cost_val, W_val, _ = sess.run((cost, W, optimizer), feed_dict = [ X, x_data; Y, y_data ])
            print(step, cost_val, W_val)
        print("Prediction:", sess.run(prediction, feed_dict = [ (X, x_test) ]))
        print("Accuracy: ", sess.run(accuracy, feed_dict = [ X, x_test; Y, y_test ]))
        output.ToString()
    finally
        tf_output_redirect <- null
        np.set_printoptions(legacy = false)

[<Test>]
let ``lab 07-1 at lr 0.1 prints the original steps, prediction and accuracy`` () =
    let original = File.ReadAllText(Path.Combine(repoRoot, "tests", "data", "originals", "lab-07-1-learning_rate_and_evaluation-lr0.1.txt"))
    let printed = runLab ()
    // The original left steps 3 to 198 out ("..."): each recorded block must appear as printed.
    let blocks = original.Split("...\n")
    Assert.That(blocks, Has.Length.EqualTo 2)
    Assert.That(printed, Does.StartWith(blocks[0]), "steps 0 to 2")
    Assert.That(printed, Does.EndWith(blocks[1]), "steps 199 and 200, Prediction, Accuracy")
    Assert.That(printed.Split('\n') |> Array.filter (fun l -> l.Length > 0 && System.Char.IsDigit l[0]), Has.Length.EqualTo 201)
