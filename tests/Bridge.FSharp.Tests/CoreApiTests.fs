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
let ``math and linalg functions and namespaces from F#`` () =
    use _graph = tf.Graph().as_default()
    use sess = tf.Session()
    Assert.That(sess.run(tf.cumsum([| 1; 2; 4 |], exclusive = true)).ToArray<int>(), Is.EqualTo(box [| 0; 1; 3 |]))
    Assert.That(sess.run(tf.math.cumprod([| 2; 3; 5 |], reverse = true)).ToArray<int>(), Is.EqualTo(box [| 30; 15; 5 |]))
    Assert.That(sess.run(tf.tanh([| 0.0 |])).ToArray<float32>(), Is.EqualTo(box [| 0.0f |]))
    Assert.That(sess.run(tf.linalg.trace(array2D [ [ 1; 2 ]; [ 3; 4 ] ])).ToArray<int>(), Is.EqualTo(box [| 5 |]))
    Assert.That(sess.run(tf.eye(2, num_columns = 3)).ToArray<float32>(), Is.EqualTo(box [| 1.0f; 0.0f; 0.0f; 0.0f; 1.0f; 0.0f |]))
    Assert.That(sess.run(tf.norm([| 3.0; -4.0 |], ord = 1)).ToArray<float32>(), Is.EqualTo(box [| 7.0f |]))
    Assert.That(sess.run(tf.nn.l2_loss([| 1.0; 2.0; 3.0 |])).ToArray<float32>(), Is.EqualTo(box [| 7.0f |]))
    let a = tf.reshape(tf.constant([| 1; 2; 3; 4; 5; 6 |]), [| 2; 3 |])
    Assert.That(sess.run(tf.tensordot(a, tf.ones([| 3; 1 |], tf.int32), 1)).ToArray<int>(), Is.EqualTo(box [| 6; 15 |]))

[<Test>]
let ``np.loadtxt and TF's reading pipeline from F#`` () =
    let path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), sprintf "bridge-fs-%s.csv" (System.Guid.NewGuid().ToString("N")))
    System.IO.File.WriteAllText(path, "1,2,3\n4,5,6\n")
    try
        let xy = np.loadtxt(path, np.float32, delimiter = ",")
        Assert.That(xy.shape.ToString(), Is.EqualTo("(2, 3)"))
        Assert.That(xy.ToArray<float32>(), Is.EqualTo(box [| 1.0f; 2.0f; 3.0f; 4.0f; 5.0f; 6.0f |]))
        use _graph = tf.Graph().as_default()
        let q = tf.train.string_input_producer([| path |], shuffle = false)
        let struct (_key, value) = tf.TextLineReader().read(q)
        let cols = tf.decode_csv(value, [| box [| 0.0f |]; box [| 0.0f |]; box [| 0 |] |])
        let batch = tf.train.batch([| box cols.[0..1]; box cols.[2] |], batch_size = 3)
        use sess = tf.Session()
        let coord = tf.train.Coordinator()
        let threads = tf.train.start_queue_runners(sess, coord)
        Assert.That(sess.run(batch.[0]).ToArray<float32>(), Is.EqualTo(box [| 1.0f; 2.0f; 4.0f; 5.0f; 1.0f; 2.0f |]))
        Assert.That(sess.run(batch.[1]).ToArray<int>(), Is.EqualTo(box [| 6; 3; 6 |]))
        coord.request_stop()
        coord.join(threads)
    finally
        System.IO.File.Delete(path)

[<Test>]
let ``truncated normal, sparse cross entropy and moments from F#`` () =
    use _graph = tf.Graph().as_default()
    // TF 1.x printed [[-0.85811085, -0.19662298], [0.13895047, -1.22127688]] for truncated_normal([2,2], seed=2).
    let t = tf.truncated_normal([| 2; 2 |], seed = 2)
    let loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels = [| 3 |], logits = array2D [ [ 1.0f; 1.0f; 1.0f; 1.0f ] ])
    let struct (mean, variance) = tf.nn.moments(tf.constant([| 1.0f; 2.0f; 3.0f; 4.0f |]), [| 0 |])
    use sess = tf.Session()
    Assert.That(sess.run(t).ToArray<float32>(), Is.EqualTo(box [| -0.85811085f; -0.19662298f; 0.13895047f; -1.22127688f |]))
    Assert.That(sess.run(loss).ToArray<float32>(), Is.EqualTo(box [| 1.38629436f |]))
    Assert.That(sess.run(mean).ToArray<float32>(), Is.EqualTo(box [| 2.5f |]))
    Assert.That(sess.run(variance).ToArray<float32>(), Is.EqualTo(box [| 1.25f |]))

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

[<Test>]
let ``dropout with a placeholder keep_prob from F#`` () =
    use _graph = tf.Graph().as_default()
    let X = tf.placeholder(tf.float32, Bridge.Shape(-1, 2))
    let keep_prob = tf.placeholder(tf.float32)
    let y = tf.nn.dropout(X, keep_prob, seed = 1)
    use sess = tf.Session()
    let x = array2D [ [ 1.0f; -2.0f ]; [ 3.0f; 4.0f ] ]
    Assert.That(sess.run(y, feed_dict = [ X, box x; keep_prob, box 1.0f ]).ToArray<float32>(), Is.EqualTo(box [| 1.0f; -2.0f; 3.0f; 4.0f |]))
    let kept = sess.run(y, feed_dict = [ X, box x; keep_prob, box 0.5f ]).ToArray<float32>()
    Assert.That(kept |> Array.forall2 (fun a v -> v = 0.0f || v = a * 2.0f) [| 1.0f; -2.0f; 3.0f; 4.0f |], Is.True)

[<Test>]
let ``dense, fully_connected, flatten and arg_scope from F#`` () =
    use _graph = tf.Graph().as_default()
    let x = tf.constant(array2D [ [ 1.0f; 2.0f; 3.0f ]; [ -1.0f; 0.5f; 4.0f ] ])
    let y = tf.layers.dense(x, 2, kernel_initializer = tf.constant_initializer([| 1.0; 2.0; 3.0; 4.0; 5.0; 6.0 |]),
                            bias_initializer = tf.constant_initializer([| 0.5; -1.0 |]))
    let fc =
        use _s = tf.contrib.framework.arg_scope([| box "fully_connected" |], dict [ "activation_fn", box (System.Func<Bridge.Tensor, Bridge.Tensor>(fun t -> tf.nn.sigmoid(t))) ])
        tf.contrib.layers.fully_connected(x, 4, weights_initializer = tf.ones_initializer(), scope = "h1")
    let flat = tf.contrib.layers.flatten(tf.placeholder(tf.float32, Bridge.Shape(-1, 2, 3)))
    Assert.That(y.name, Is.EqualTo("dense/BiasAdd:0"))
    Assert.That(fc.op.``type``, Is.EqualTo("Sigmoid"))
    Assert.That(flat.shape.ToString(), Is.EqualTo("(?, 6)"))
    Assert.That(tf.trainable_variables() |> Array.map (fun v -> v.name), Is.EqualTo(box [| "dense/kernel:0"; "dense/bias:0"; "h1/weights:0"; "h1/biases:0" |]))
    use sess = tf.Session()
    sess.run(tf.global_variables_initializer()) |> ignore
    Assert.That(sess.run(y).ToArray<float32>(), Is.EqualTo(box [| 22.5f; 27.0f; 21.0f; 23.0f |]))

[<Test>]
let ``save and restore a checkpoint from F#`` () =
    let dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bridge-fs-saver-" + System.Guid.NewGuid().ToString("N"))
    System.IO.Directory.CreateDirectory(dir) |> ignore
    try
        let prefix =
            use _graph = tf.Graph().as_default()
            let _w = tf.Variable([| 1.0f; 2.0f |], name = "w")
            let _epoch = tf.Variable(3, name = "last_epoch")
            let saver = tf.train.Saver(max_to_keep = System.Nullable 2)
            use sess = tf.Session()
            sess.run(tf.global_variables_initializer()) |> ignore
            saver.save(sess, System.IO.Path.Combine(dir, "model"), global_step = System.Nullable 549L)
        Assert.That(prefix, Is.EqualTo(System.IO.Path.Combine(dir, "model-549")))
        Assert.That(tf.train.latest_checkpoint(dir), Is.EqualTo(prefix))
        Assert.That(tf.train.get_checkpoint_state(dir).all_model_checkpoint_paths, Is.EqualTo(box [| prefix |]))
        use _graph = tf.Graph().as_default()
        let w = tf.Variable([| 0.0f; 0.0f |], name = "w")
        let epoch = tf.Variable(0, name = "last_epoch")
        let saver = tf.train.Saver([ w; epoch ])
        use sess = tf.Session()
        saver.restore(sess, prefix)
        Assert.That(sess.run(w).ToArray<float32>(), Is.EqualTo(box [| 1.0f; 2.0f |]))
        Assert.That(sess.run(epoch).ToArray<int>(), Is.EqualTo(box [| 3 |]))
    finally
        System.IO.Directory.Delete(dir, true)

[<Test>]
let ``cond, control_dependencies and the batch norm and dropout layers from F#`` () =
    use _graph = tf.Graph().as_default()
    let p = tf.placeholder(tf.``bool``)
    let x = tf.constant(10.0)
    let r = tf.cond(p, System.Func<Bridge.Tensor>(fun () -> tf.multiply(x, 42.0)), System.Func<Bridge.Tensor>(fun () -> tf.multiply(x, 3.0)))
    let g = tf.gradients(r, [| x |]).[0]
    let v = tf.Variable(0.0f)
    let update = tf.assign_add(v, 1.0f)
    let y =
        use _deps = tf.control_dependencies([| update :> Bridge.ITensorOrOperation |])
        tf.identity(x)
    let X = tf.placeholder(tf.float32, Bridge.Shape(-1, 2))
    let bn = tf.layers.batch_normalization(X, training = p)
    let cbn = tf.contrib.layers.batch_norm(X, decay = 0.9, updates_collections = null, is_training = p)
    let d = tf.contrib.layers.dropout(X, 0.7, is_training = p)
    use sess = tf.Session()
    sess.run(tf.global_variables_initializer()) |> ignore
    Assert.That(sess.run(r, feed_dict = [ p, box true ]).ToArray<float32>(), Is.EqualTo(box [| 420.0f |]))
    Assert.That(sess.run(g, feed_dict = [ p, box false ]).ToArray<float32>(), Is.EqualTo(box [| 3.0f |]))
    sess.run(y) |> ignore
    Assert.That(sess.run(v.AsTensor()).ToArray<float32>(), Is.EqualTo(box [| 1.0f |]))
    let xv = array2D [ [ 1.0f; -2.0f ]; [ 3.0f; 4.0f ] ]
    Assert.That(sess.run(d, feed_dict = [ X, box xv; p, box false ]).ToArray<float32>(), Is.EqualTo(box [| 1.0f; -2.0f; 3.0f; 4.0f |]))
    let out = sess.run(bn, feed_dict = [ X, box xv; p, box true ]).ToArray<float32>()
    Assert.That(out.[0], Is.EqualTo(-0.999500f).Within(1e-5f))
    let cout = sess.run(cbn, feed_dict = [ X, box xv; p, box true ]).ToArray<float32>()
    Assert.That(cout.[3], Is.EqualTo(3.0f / sqrt 9.001f).Within(1e-6f)) // column (-2, 4): mean 1, variance 9

[<Test>]
let ``summary.image from F#`` () =
    use _graph = tf.Graph().as_default()
    let X = tf.placeholder(tf.float32, Bridge.Shape(-1, 4))
    let images = tf.summary.image("input", tf.reshape(X, [| -1; 2; 2; 1 |]), 1)
    Assert.That(images.name, Is.EqualTo("input:0"))
    use sess = tf.Session()
    let s = sess.run(images, feed_dict = [ X, box (array2D [ [ 0.0f; 0.5f; 1.0f; 0.25f ] ]) ])
    Assert.That(s.dtype, Is.EqualTo(box Bridge.TF_DataType.TF_STRING))
    let ex = Assert.Throws<Bridge.ValueError>(System.Action(fun () -> tf.summary.image("bad", tf.reshape(X, [| -1; 2; 2; 1 |]), 0) |> ignore))
    Assert.That(ex.Message, Does.Contain("max_images"))

[<Test>]
let ``conv2d, pools and the conv layers from F#`` () =
    use _graph = tf.Graph().as_default()
    // lab 11-0: the 3x3 image 1..9 and a 2x2 filter of ones, SAME (the extra padding row and column at the end)
    let image = tf.reshape(tf.constant([| 1.0f .. 9.0f |]), [| 1; 3; 3; 1 |])
    let ones = tf.reshape(tf.constant([| 1.0f; 1.0f; 1.0f; 1.0f |]), [| 2; 2; 1; 1 |])
    let y = tf.nn.conv2d(image, ones, [| 1; 1; 1; 1 |], "SAME")
    let m = tf.nn.max_pool(y, [| 1; 2; 2; 1 |], [| 1; 2; 2; 1 |], "SAME")
    let a = tf.nn.avg_pool(y, [| 1; 2; 2; 1 |], [| 1; 2; 2; 1 |], "SAME")
    let g = tf.gradients(tf.reduce_sum(m), [| image |]).[0]
    let X = tf.placeholder(tf.float32, Bridge.Shape(-1, 6, 6, 1))
    let c = tf.layers.conv2d(X, 4, box 3, padding = "same")
    let p = tf.layers.max_pooling2d(c, box 2, box 2)
    Assert.That(p.shape.as_list(), Is.EqualTo(box [| System.Nullable(); System.Nullable 3; System.Nullable 3; System.Nullable 4 |]))
    use sess = tf.Session()
    sess.run(tf.global_variables_initializer()) |> ignore
    Assert.That(sess.run(y).ToArray<float32>(), Is.EqualTo(box [| 12.0f; 16.0f; 9.0f; 24.0f; 28.0f; 15.0f; 15.0f; 17.0f; 9.0f |]))
    Assert.That(sess.run(m).ToArray<float32>(), Is.EqualTo(box [| 28.0f; 15.0f; 17.0f; 9.0f |]))
    Assert.That(sess.run(a).ToArray<float32>(), Is.EqualTo(box [| 20.0f; 12.0f; 16.0f; 9.0f |]))
    // the maxima 28, 15, 17, 9 are y(1,1), y(1,2), y(2,1), y(2,2): each sends its gradient to the image values it summed
    Assert.That(sess.run(g).ToArray<float32>(), Is.EqualTo(box [| 0.0f; 0.0f; 0.0f; 0.0f; 1.0f; 2.0f; 0.0f; 2.0f; 4.0f |]))
