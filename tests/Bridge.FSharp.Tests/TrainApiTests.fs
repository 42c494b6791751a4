/// tf.train from F#: every learning-rate form (float, float32, a tensor, a placeholder, a variable, a decayed rate)
/// reaches the optimizers through LearningRate's op_Implicit conversions, which F# applies to method arguments.
module Bridge.FSharp.Tests.TrainApiTests

open NUnit.Framework
open type Bridge.Binding

/// One gradient-descent step on sum(w^2) from w = 3 (gradient 6) with the optimizer the callback makes in the graph.
let private oneStep (makeOptimizer: unit -> Bridge.Optimizer) (feeds: Bridge.FeedItem[]) =
    use _graph = tf.Graph().as_default()
    let w = tf.Variable([| 3.0f |], name = "w")
    let train = makeOptimizer().minimize(tf.reduce_sum(tf.square(w)))
    use sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, feeds)
    sess.run(w).ToArray<float32>().[0]

[<Test>]
let ``learning rates as float, float32, tensor and variable from F#`` () =
    let expected = 3.0f - 6.0f * 0.01f
    Assert.That(oneStep (fun () -> tf.train.GradientDescentOptimizer(learning_rate = 0.01)) [||], Is.EqualTo(expected))
    Assert.That(oneStep (fun () -> tf.train.GradientDescentOptimizer(learning_rate = 0.01f)) [||], Is.EqualTo(expected))
    Assert.That(oneStep (fun () -> tf.train.GradientDescentOptimizer(tf.constant(0.01f))) [||], Is.EqualTo(expected))
    // tf.Variable is overloaded (a value, or a Func making one), so F# types the call only once it is bound: bind it,
    // then the conversion to LearningRate applies.
    Assert.That(oneStep (fun () -> let rate = tf.Variable(0.01f, trainable = false) in tf.train.GradientDescentOptimizer(rate)) [||], Is.EqualTo(expected))

[<Test>]
let ``a placeholder learning rate is fed per run from F#`` () =
    use _graph = tf.Graph().as_default()
    let w = tf.Variable([| 3.0f |], name = "w")
    let lr = tf.placeholder(tf.float32, name = "lr")
    let train = tf.train.MomentumOptimizer(learning_rate = lr, momentum = 0.9).minimize(tf.reduce_sum(tf.square(w)))
    use sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, feed_dict = [ lr, box 0.1f ])
    Assert.That(sess.run(w).ToArray<float32>(), Is.EqualTo(box [| 3.0f - 6.0f * 0.1f |]))

[<Test>]
let ``optimizers, global step and exponential decay from F#`` () =
    use _graph = tf.Graph().as_default()
    let w = tf.Variable([| 3.0f |], name = "w")
    let gs = tf.train.get_or_create_global_step()
    let rate = tf.train.exponential_decay(0.1, gs, 1, 0.5, staircase = true)
    let loss = tf.reduce_sum(tf.square(w))
    let train = tf.train.GradientDescentOptimizer(rate).minimize(loss, global_step = gs)
    // Each optimizer builds from F# literals (float and float32 alike).
    for opt in [ tf.train.MomentumOptimizer(0.1f, 0.9f) :> Bridge.Optimizer
                 tf.train.AdagradOptimizer(0.1)
                 tf.train.RMSPropOptimizer(0.01, decay = 0.9, momentum = 0.5)
                 tf.train.AdadeltaOptimizer(1.0)
                 tf.train.AdamOptimizer(0.001f) ] do
        opt.minimize(loss) |> ignore
    use sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    let mutable expected = 3.0f
    for k in 0 .. 2 do
        let r = 0.1f * (if k = 0 then 1.0f elif k = 1 then 0.5f else 0.25f)
        sess.run(train)
        expected <- expected - 2.0f * expected * r
        Assert.That(sess.run(w).ToArray<float32>(), Is.EqualTo(box [| expected |]), sprintf "step %d" k)
    Assert.That(sess.run(gs).ToArray<int64>(), Is.EqualTo(box [| 3L |]))
