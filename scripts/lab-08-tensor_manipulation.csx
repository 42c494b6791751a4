#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 8: Tensor Manipulation (hunkim/DeepLearningZeroToAll, lab-08-tensor_manipulation.ipynb), cell by cell in C#.
// https://www.tensorflow.org/api_guides/python/array_ops
// Each notebook cell's output is printed as the notebook stored it: an Out[] cell with display() (IPython's
// pretty repr), pp.pprint with pprint, print with print. Run: dotnet run --project src/Bridge.Cli -- run scripts/lab-08-tensor_manipulation.csx
using Bridge;
using static Bridge.Binding;

// The notebook ran in 2017 with numpy 1.13: print arrays in that style ([ 0.,  1.] rather than [0., 1.]).
np.set_printoptions(legacy: "1.13");

// cell 1: set-up
tf.set_random_seed(777);  // for reproducibility
var sess = tf.InteractiveSession();

// ## Simple Array
var t = np.array(new[] { 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0 });
pprint(t);
// The notebook's stored output here is the single line "(7,) 1", left over from an earlier version of the cell;
// the code below prints the rank, then the shape, on two lines, as the cell's code says.
print(t.ndim);  // rank
print(t.shape); // shape
print(t[0], t[1], t[-1]);
print(t[2..5], t[4..^1]);
print(t[..2], t[3..]);

// ## 2D Array
t = np.array(new[,] { { 1.0, 2.0, 3.0 }, { 4.0, 5.0, 6.0 }, { 7.0, 8.0, 9.0 }, { 10.0, 11.0, 12.0 } });
pprint(t);
print(t.ndim);  // rank
print(t.shape); // shape

// ## Shape, Rank, Axis
var c = tf.constant(new[] { 1, 2, 3, 4 });
display(tf.shape(c).eval());

c = tf.constant(new[,] { { 1, 2 },
                         { 3, 4 } });
display(tf.shape(c).eval());

c = tf.constant(new[,,,] { { { { 1, 2, 3, 4 }, { 5, 6, 7, 8 }, { 9, 10, 11, 12 } }, { { 13, 14, 15, 16 }, { 17, 18, 19, 20 }, { 21, 22, 23, 24 } } } });
display(tf.shape(c).eval());

// A nested list shown as IPython shows it (a Python list, not an array).
display(new[]
{
    new[]
    {
        new[]
        {
            new[] { 1, 2, 3, 4 },
            new[] { 5, 6, 7, 8 },
            new[] { 9, 10, 11, 12 },
        },
        new[]
        {
            new[] { 13, 14, 15, 16 },
            new[] { 17, 18, 19, 20 },
            new[] { 21, 22, 23, 24 },
        },
    },
});

// ## Matmul VS multiply
var matrix1 = tf.constant(new[,] { { 3.0, 3.0 } });
var matrix2 = tf.constant(new[,] { { 2.0 }, { 2.0 } });
display(tf.matmul(matrix1, matrix2).eval());

display((matrix1 * matrix2).eval());

// ## Watch out broadcasting
matrix1 = tf.constant(new[,] { { 3.0, 3.0 } });
matrix2 = tf.constant(new[,] { { 2.0 }, { 2.0 } });
display((matrix1 + matrix2).eval());

matrix1 = tf.constant(new[,] { { 3.0, 3.0 } });
matrix2 = tf.constant(new[,] { { 2.0, 2.0 } });
display((matrix1 + matrix2).eval());

// ## Random values for variable initializations
// The notebook ran these three cells first, right after its set-up (In [2] to [4]), so TF 1.x gave them the op
// seeds 3, 9 and 16 (each random op takes the id of the last op created before it). Running them here, after
// the ops above, would give other seeds; a fresh graph seeded 777 reproduces the notebook's values.
using (tf.Graph().as_default())
using (tf.Session())
{
    tf.set_random_seed(777);
    display(tf.random_normal(new[] { 3 }).eval());

    display(tf.random_uniform(new[] { 2 }).eval());

    display(tf.random_uniform(new[] { 2, 3 }).eval());
}

// ## Reduce Mean/Sum
display(tf.reduce_mean(new[] { 1, 2 }, axis: 0).eval());

var x = new[,] { { 1.0, 2.0 },
                 { 3.0, 4.0 } };

display(tf.reduce_mean(x).eval());

display(tf.reduce_mean(x, axis: 0).eval());

display(tf.reduce_mean(x, axis: 1).eval());

display(tf.reduce_mean(x, axis: -1).eval());

display(tf.reduce_sum(x).eval());

display(tf.reduce_sum(x, axis: 0).eval());

display(tf.reduce_sum(x, axis: -1).eval());

display(tf.reduce_mean(tf.reduce_sum(x, axis: -1)).eval());

// ## Argmax with axis
var xi = new[,] { { 0, 1, 2 },
                  { 2, 1, 0 } };
display(tf.argmax(xi, axis: 0).eval());

display(tf.argmax(xi, axis: 1).eval());

display(tf.argmax(xi, axis: -1).eval());

// ## Reshape, squeeze, expand_dims
t = np.array(new[,,] { { { 0, 1, 2 },
                         { 3, 4, 5 } },

                       { { 6, 7, 8 },
                         { 9, 10, 11 } } });
display(t.shape);

display(tf.reshape(t, shape: new[] { -1, 3 }).eval());

display(tf.reshape(t, shape: new[] { -1, 1, 3 }).eval());

display(tf.squeeze(new[,] { { 0 }, { 1 }, { 2 } }).eval());

display(tf.expand_dims(new[] { 0, 1, 2 }, 1).eval());

// ## One hot
display(tf.one_hot(new[,] { { 0 }, { 1 }, { 2 }, { 0 } }, depth: 3).eval());

var oh = tf.one_hot(new[,] { { 0 }, { 1 }, { 2 }, { 0 } }, depth: 3);
display(tf.reshape(oh, shape: new[] { -1, 3 }).eval());

// ## casting
display(tf.cast(new[] { 1.8, 2.2, 3.3, 4.9 }, tf.int32).eval());

display(tf.cast(new[] { true, false, 1 == 1, 0 == 1 }, tf.int32).eval());

// ## Stack
var sx = new[] { 1, 4 };
var sy = new[] { 2, 5 };
var sz = new[] { 3, 6 };

// Pack along first dim.
display(tf.stack(new[] { sx, sy, sz }).eval());

display(tf.stack(new[] { sx, sy, sz }, axis: 1).eval());

// ## Ones like and Zeros like
xi = new[,] { { 0, 1, 2 },
              { 2, 1, 0 } };

display(tf.ones_like(xi).eval());

display(tf.zeros_like(xi).eval());

// ## Zip
foreach (var (a, b) in zip(new[] { 1, 2, 3 }, new[] { 4, 5, 6 }))
    print(a, b);

foreach (var (a, b, d) in zip(new[] { 1, 2, 3 }, new[] { 4, 5, 6 }, new[] { 7, 8, 9 }))
    print(a, b, d);

// ## Transpose
t = np.array(new[,,] { { { 0, 1, 2 }, { 3, 4, 5 } }, { { 6, 7, 8 }, { 9, 10, 11 } } });
pprint(t.shape);
pprint(t);

var t1 = tf.transpose(t, new[] { 1, 0, 2 });
pprint(sess.run(t1).shape);
pprint(sess.run(t1));

var tt = tf.transpose(t1, new[] { 1, 0, 2 });
pprint(sess.run(tt).shape);
pprint(sess.run(tt));

var t2 = tf.transpose(tt, new[] { 1, 2, 0 });
pprint(sess.run(t2).shape);
pprint(sess.run(t2));

tt = tf.transpose(t2, new[] { 2, 0, 1 });
pprint(sess.run(tt).shape);
pprint(sess.run(tt));
