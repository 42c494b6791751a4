#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Your own model in C#: y = 2x + 1 from noisy points, learned by Adam. Run: bridge run scripts/examples/your-own.csx
using Bridge;
using static Bridge.Binding;

tf.set_random_seed(777);
var x_data = np.array(new[,] { { 0.0 }, { 1.0 }, { 2.0 }, { 3.0 }, { 4.0 } }, dtype: np.float32);
var y_data = np.array(new[,] { { 1.1 }, { 2.9 }, { 5.2 }, { 6.8 }, { 9.1 } }, dtype: np.float32);
var X = tf.placeholder(tf.float32, new[] { -1, 1 });
var Y = tf.placeholder(tf.float32, new[] { -1, 1 });
var W = tf.Variable(tf.random_normal(new[] { 1, 1 }), name: "weight");
var b = tf.Variable(tf.zeros(new[] { 1 }), name: "bias");
var cost = tf.reduce_mean(tf.square(tf.matmul(X, W) + b - Y));
var train = tf.train.AdamOptimizer(learning_rate: 0.1f).minimize(cost);
var sess = tf.Session();  // (C# scripts cannot `using var` at the top level)
sess.run(tf.global_variables_initializer());
foreach (var step in range(501))
{
    var (_, c) = sess.run((train, cost), (X, x_data), (Y, y_data));
    if (step % 100 == 0) print(step, c);
}
print("W:", sess.run(W), "b:", sess.run(b));
