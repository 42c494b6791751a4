#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Your own model in F#: y = 2x + 1 from noisy points, learned by Adam. Run: dotnet fsi scripts/examples/your-own.fsx
open type Bridge.Binding

tf.set_random_seed(777)
let x_data = np.array(array2D [ [ 0.0 ]; [ 1.0 ]; [ 2.0 ]; [ 3.0 ]; [ 4.0 ] ], dtype = np.float32)
let y_data = np.array(array2D [ [ 1.1 ]; [ 2.9 ]; [ 5.2 ]; [ 6.8 ]; [ 9.1 ] ], dtype = np.float32)
let X = tf.placeholder(tf.float32, [| -1; 1 |])
let Y = tf.placeholder(tf.float32, [| -1; 1 |])
let W = tf.Variable(tf.random_normal([| 1; 1 |]), name = "weight")
let b = tf.Variable(tf.zeros([| 1 |]), name = "bias")
let cost = tf.reduce_mean(tf.square(tf.matmul(X, W) + b - Y))
let train = tf.train.AdamOptimizer(learning_rate = 0.1f).minimize(cost)
let sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(501) do
    let _, c = sess.run((train, cost), feed_dict = [ X, x_data; Y, y_data ])
    if step % 100 = 0 then print(step, c)
print("W:", sess.run(W), "b:", sess.run(b))
