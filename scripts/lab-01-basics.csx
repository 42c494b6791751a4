#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 1: TensorFlow basics (hunkim/DeepLearningZeroToAll, lab-01-basics.ipynb), cell by cell in C#.
// Each cell's output is printed as the notebook stored it: an Out[] cell with display() (IPython's pretty repr),
// print with print. Run: dotnet run --project src/Bridge.Cli -- run scripts/lab-01-basics.csx
using Bridge;
using static Bridge.Binding;

// The notebook ran in 2017 with numpy 1.13: print arrays in that style ([ 3.  7.] rather than [3. 7.]).
np.set_printoptions(legacy: "1.13");

// In [1]
display(tf.__version__);

// In [2]: Create a constant op. This op is added as a node to the default graph
var hello = tf.constant("Hello, TensorFlow!");

// start a TF session
var sess = tf.Session();

// run the op and get result
print(sess.run(hello));

// In [3]: each line is a value; the cell shows the last one, a rank 3 "tensor" with shape [2, 1, 3]
// 3                                  a rank 0 tensor; this is a scalar with shape []
// [1., 2., 3.]                       a rank 1 tensor; this is a vector with shape [3]
// [[1., 2., 3.], [4., 5., 6.]]       a rank 2 tensor; a matrix with shape [2, 3]
display(new[] { new[] { new[] { 1.0, 2.0, 3.0 } }, new[] { new[] { 7.0, 8.0, 9.0 } } });

// In [4]
var node1 = tf.constant(3.0, tf.float32);
var node2 = tf.constant(4.0); // also tf.float32 implicitly
var node3 = tf.add(node1, node2);

// In [5]
print("node1:", node1, "node2:", node2);
print("node3: ", node3);

// In [6]
sess = tf.Session();
print("sess.run(node1, node2): ", sess.run(new[] { node1, node2 }));
print("sess.run(node3): ", sess.run(node3));

// In [7]
var a = tf.placeholder(tf.float32);
var b = tf.placeholder(tf.float32);
var adder_node = a + b;  // + provides a shortcut for tf.add(a, b)

print(sess.run(adder_node, (a, 3), (b, 4.5)));
print(sess.run(adder_node, (a, new[] { 1, 3 }), (b, new[] { 2, 4 })));

// In [8]
var add_and_triple = adder_node * 3.0;
print(sess.run(add_and_triple, (a, 3), (b, 4.5)));
