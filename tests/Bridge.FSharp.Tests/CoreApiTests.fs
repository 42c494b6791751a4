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
let ``array ops and slicing from F#`` () =
    use _graph = tf.Graph().as_default()
    use sess = tf.Session()
    Assert.That(sess.run(tf.range(3, 18, 3)).ToArray<int>(), Is.EqualTo(box [| 3; 6; 9; 12; 15 |]))
    let m = tf.constant(array2D [ [ 1; 2; 3 ]; [ 4; 5; 6 ] ])
    Assert.That(sess.run(tf.gather(m, [| 1; 0 |], axis = 1)).ToArray<int>(), Is.EqualTo(box [| 2; 1; 5; 4 |]))
    Assert.That(sess.run(tf.slice(m, [| 0; 1 |], [| -1; 1 |])).ToArray<int>(), Is.EqualTo(box [| 2; 5 |]))
    let parts = tf.split(m, 3, axis = 1)
    Assert.That(sess.run(parts.[2]).ToArray<int>(), Is.EqualTo(box [| 3; 6 |]))
    Assert.That(sess.run(tf.pad(m, array2D [ [ 0; 0 ]; [ 1; 0 ] ], "SYMMETRIC")).ToArray<int>(), Is.EqualTo(box [| 1; 1; 2; 3; 4; 4; 5; 6 |]))
    Assert.That(sess.run(m.["1:, ::-1"]).ToArray<int>(), Is.EqualTo(box [| 6; 5; 4 |]))
    Assert.That(sess.run(m.[box 0, box (tf.s(step = 2))]).ToArray<int>(), Is.EqualTo(box [| 1; 3 |]))
    Assert.That(sess.run(tf.reshape(tf.range(6), tf.shape(m))).shape.ToString(), Is.EqualTo("(2, 3)"))
