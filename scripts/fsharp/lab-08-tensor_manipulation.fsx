#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 8: Tensor Manipulation (hunkim/DeepLearningZeroToAll, lab-08-tensor_manipulation.ipynb), cell by cell in F#.
// The same cells as scripts/lab-08-tensor_manipulation.csx, printing the same text.
// Build the package first (dotnet pack src/Bridge -c Release -o artifacts/feed), then:
//   dotnet fsi scripts/fsharp/lab-08-tensor_manipulation.fsx
open type Bridge.Binding

// The notebook ran in 2017 with numpy 1.13: print arrays in that style ([ 0.,  1.] rather than [0., 1.]).
np.set_printoptions(legacy = "1.13")

// cell 1: set-up
tf.set_random_seed(777)  // for reproducibility
let sess = tf.InteractiveSession()

// ## Simple Array
let t = np.array([| 0.; 1.; 2.; 3.; 4.; 5.; 6. |])
pprint(t)
print(t.ndim)  // rank
print(t.shape) // shape
print(t[0], t[1], t[-1])
print(t["2:5"], t["4:-1"])
print(t[":2"], t["3:"])

// ## 2D Array
let t2d = np.array(array2D [ [ 1.; 2.; 3. ]; [ 4.; 5.; 6. ]; [ 7.; 8.; 9. ]; [ 10.; 11.; 12. ] ])
pprint(t2d)
print(t2d.ndim)  // rank
print(t2d.shape) // shape

// ## Shape, Rank, Axis
let c1 = tf.constant([| 1; 2; 3; 4 |])
display(tf.shape(c1).eval())

let c2 = tf.constant(array2D [ [ 1; 2 ]
                               [ 3; 4 ] ])
display(tf.shape(c2).eval())

let rank4 =
    [| [| [| [| 1; 2; 3; 4 |]; [| 5; 6; 7; 8 |]; [| 9; 10; 11; 12 |] |]
          [| [| 13; 14; 15; 16 |]; [| 17; 18; 19; 20 |]; [| 21; 22; 23; 24 |] |] |] |]
let c4 = tf.constant(rank4)
display(tf.shape(c4).eval())

// A nested list shown as IPython shows it (a Python list, not an array).
display(rank4)

// ## Matmul VS multiply
let matrix1 = tf.constant(array2D [ [ 3.; 3. ] ])
let matrix2 = tf.constant(array2D [ [ 2. ]; [ 2. ] ])
display(tf.matmul(matrix1, matrix2).eval())

display((matrix1 * matrix2).eval())

// ## Watch out broadcasting
display((matrix1 + matrix2).eval())

let matrix3 = tf.constant(array2D [ [ 2.; 2. ] ])
display((matrix1 + matrix3).eval())

// ## Random values for variable initializations
// The notebook ran these three cells first, right after its set-up, so TF 1.x gave them the op seeds 3, 9 and 16;
// a fresh graph seeded 777 reproduces the notebook's values (see the C# script).
do
    use _graph = tf.Graph().as_default()
    use _session = tf.Session()
    tf.set_random_seed(777)
    display(tf.random_normal([| 3 |]).eval())

    display(tf.random_uniform([| 2 |]).eval())

    display(tf.random_uniform([| 2; 3 |]).eval())

// ## Reduce Mean/Sum
display(tf.reduce_mean([| 1; 2 |], axis = 0).eval())

let x = array2D [ [ 1.; 2. ]
                  [ 3.; 4. ] ]

display(tf.reduce_mean(x).eval())

display(tf.reduce_mean(x, axis = 0).eval())

display(tf.reduce_mean(x, axis = 1).eval())

display(tf.reduce_mean(x, axis = -1).eval())

display(tf.reduce_sum(x).eval())

display(tf.reduce_sum(x, axis = 0).eval())

display(tf.reduce_sum(x, axis = -1).eval())

display(tf.reduce_mean(tf.reduce_sum(x, axis = -1)).eval())

// ## Argmax with axis
let xi = array2D [ [ 0; 1; 2 ]
                   [ 2; 1; 0 ] ]
display(tf.argmax(xi, axis = 0).eval())

display(tf.argmax(xi, axis = 1).eval())

display(tf.argmax(xi, axis = -1).eval())

// ## Reshape, squeeze, expand_dims
let t3 = np.array([| [| [| 0; 1; 2 |]
                        [| 3; 4; 5 |] |]

                     [| [| 6; 7; 8 |]
                        [| 9; 10; 11 |] |] |])
display(t3.shape)

display(tf.reshape(t3, shape = [| -1; 3 |]).eval())

display(tf.reshape(t3, shape = [| -1; 1; 3 |]).eval())

display(tf.squeeze(array2D [ [ 0 ]; [ 1 ]; [ 2 ] ]).eval())

display(tf.expand_dims([| 0; 1; 2 |], 1).eval())

// ## One hot
display(tf.one_hot(array2D [ [ 0 ]; [ 1 ]; [ 2 ]; [ 0 ] ], depth = 3).eval())

let oh = tf.one_hot(array2D [ [ 0 ]; [ 1 ]; [ 2 ]; [ 0 ] ], depth = 3)
display(tf.reshape(oh, shape = [| -1; 3 |]).eval())

// ## casting
display(tf.cast([| 1.8; 2.2; 3.3; 4.9 |], tf.int32).eval())

display(tf.cast([| true; false; 1 = 1; 0 = 1 |], tf.int32).eval())

// ## Stack
let sx = [| 1; 4 |]
let sy = [| 2; 5 |]
let sz = [| 3; 6 |]

// Pack along first dim.
display(tf.stack([| sx; sy; sz |]).eval())

display(tf.stack([| sx; sy; sz |], axis = 1).eval())

// ## Ones like and Zeros like
display(tf.ones_like(xi).eval())

display(tf.zeros_like(xi).eval())

// ## Zip
for a, b in Seq.zip [ 1; 2; 3 ] [ 4; 5; 6 ] do
    print(a, b)

for a, b, d in Seq.zip3 [ 1; 2; 3 ] [ 4; 5; 6 ] [ 7; 8; 9 ] do
    print(a, b, d)

// ## Transpose
let tt0 = np.array([| [| [| 0; 1; 2 |]; [| 3; 4; 5 |] |]; [| [| 6; 7; 8 |]; [| 9; 10; 11 |] |] |])
pprint(tt0.shape)
pprint(tt0)

let t1 = tf.transpose(tt0, [| 1; 0; 2 |])
pprint(sess.run(t1).shape)
pprint(sess.run(t1))

let tt = tf.transpose(t1, [| 1; 0; 2 |])
pprint(sess.run(tt).shape)
pprint(sess.run(tt))

let t2 = tf.transpose(tt, [| 1; 2; 0 |])
pprint(sess.run(t2).shape)
pprint(sess.run(t2))

let tt2 = tf.transpose(t2, [| 2; 0; 1 |])
pprint(sess.run(tt2).shape)
pprint(sess.run(tt2))
