/// The ops added with the op-home architecture, called from F# as a student would: F# literals, arrays and
/// partial shapes reach the same definitions as C# and Python.
module Bridge.FSharp.Tests.CoreApiTests

open NUnit.Framework
open type Bridge.Binding

[<Test>]
let ``math, logic and nn ops from F#`` () =
    use _graph = tf.Graph().as_default()
    use sess = tf.Session()
    let x = tf.constant([| 7; -7 |])
    Assert.That(sess.run(tf.floordiv(x, 2)).ToArray<int>(), Is.EqualTo(box [| 3; -4 |]))
    Assert.That(sess.run(tf.floormod(x, 3)).ToArray<int>(), Is.EqualTo(box [| 1; 2 |]))
    Assert.That(sess.run(tf.maximum([| 1.0; -2.0 |], 0.0)).ToArray<float32>(), Is.EqualTo(box [| 1.0f; 0.0f |]))
    let c = tf.constant([| true; false |])
    Assert.That(sess.run(tf.where(c, [| 1.0; 2.0 |], [| 3.0; 4.0 |])).ToArray<float32>(), Is.EqualTo(box [| 1.0f; 4.0f |]))
    Assert.That(sess.run(tf.nn.relu([| -1.0; 2.0 |])).ToArray<float32>(), Is.EqualTo(box [| 0.0f; 2.0f |]))
    Assert.That(sess.run(tf.one_hot([| 1 |], 3, on_value = 5)).ToArray<int>(), Is.EqualTo(box [| 0; 5; 0 |]))
    let output = new System.IO.StringWriter()
    tf_output_redirect <- output
    try print(sess.run(tf.constant("Hello, TensorFlow!")))
    finally tf_output_redirect <- null
    Assert.That(output.ToString(), Is.EqualTo("b'Hello, TensorFlow!'\n"))

[<Test>]
let ``a placeholder without a shape takes any feed from F#`` () =
    use _graph = tf.Graph().as_default()
    let X = tf.placeholder(tf.float32)
    Assert.That(X.shape.ToString(), Is.EqualTo("<unknown>"))
    let y = X * 2.0 + 1.0
    use sess = tf.Session()
    Assert.That(sess.run(y, feed_dict = [ X, box [| 1.0; 2.0 |] ]).ToArray<float32>(), Is.EqualTo(box [| 3.0f; 5.0f |]))
    Assert.That(sess.run(y, feed_dict = [ X, box (array2D [ [ 1.0 ]; [ 2.0 ] ]) ]).shape.ToString(), Is.EqualTo("(2, 1)"))

[<Test>]
let ``variable scopes, get_variable and initializers from F#`` () =
    use _graph = tf.Graph().as_default()
    let W =
        use _scope = tf.variable_scope("layer1")
        tf.get_variable("W", Bridge.Shape(2, 3), initializer = tf.constant_initializer([| 1.0; 2.0 |]))
    Assert.That(W.name, Is.EqualTo("layer1/W:0"))
    let shared =
        use _scope = tf.variable_scope("layer1", reuse = true)
        tf.get_variable("W")
    Assert.That(obj.ReferenceEquals(shared, W), Is.True)
    let ex = Assert.Throws<Bridge.ValueError>(TestDelegate(fun () ->
        use _scope = tf.variable_scope("layer1")
        tf.get_variable("W", Bridge.Shape(2, 3)) |> ignore))
    Assert.That(ex.Message, Does.Contain("Variable layer1/W already exists, disallowed."))
    let b = tf.Variable(tf.zeros(Bridge.Shape(3)), false, name = "b")
    Assert.That(tf.trainable_variables(), Is.EqualTo(box [| W |]))
    Assert.That(tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES), Is.EqualTo(box [| box W; box b |]))
    use sess = tf.Session()
    sess.run(tf.global_variables_initializer()) |> ignore
    Assert.That(sess.run(W).ToArray<float32>(), Is.EqualTo(box [| 1.0f; 2.0f; 2.0f; 2.0f; 2.0f; 2.0f |]))
