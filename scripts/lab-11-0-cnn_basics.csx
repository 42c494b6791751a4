#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 11-0: CNN basics (hunkim/DeepLearningZeroToAll, lab-11-0-cnn_basics.ipynb), cell by cell in C#: convolution
// of a 3x3 toy image with VALID and SAME padding, three filters at once, max pooling, then a 3x3x5 convolution with
// stride 2 and a max pool on one MNIST digit.
// Usage: bridge run scripts/lab-11-0-cnn_basics.csx [-- DATA_DIR] [--pictures DIR]
// Prints each cell's printed output as the notebook stored it; the notebook's matplotlib objects
// (<matplotlib.image.AxesImage at 0x...>) are drawn as PNG files in DIR (default pictures/) instead.
// DATA_DIR defaults to MNIST_data/ as in the original.
using System;
using System.IO;
using System.Linq;
using Bridge;
using static Bridge.Binding;

var dataDir = "MNIST_data/";
var picturesDir = "pictures";
for (int a = 0; a < Args.Count; a++)
{
    string Next() => a + 1 < Args.Count ? Args[++a] : throw new ArgumentException($"option {Args[a]} needs a value");
    switch (Args[a])
    {
        case "--pictures": picturesDir = Next(); break;
        default:
            if (Args[a].StartsWith("--")) throw new ArgumentException($"unknown option {Args[a]}: use --pictures DIR");
            dataDir = Args[a];
            break;
    }
}
Directory.CreateDirectory(picturesDir);
string Picture(string name) => Path.Combine(picturesDir, $"lab-11-0-{name}.png");

// The notebook ran in 2017 with numpy 1.12: print arrays in that style ([ 12.  16.] rather than [12. 16.]).
np.set_printoptions(legacy: "1.13");

// In [2]
var sess = tf.InteractiveSession();
var image = np.array(new float[,,,] { { { { 1 }, { 2 }, { 3 } },
                                        { { 4 }, { 5 }, { 6 } },
                                        { { 7 }, { 8 }, { 9 } } } });
print(image.shape);
Pictures.Digit(image.reshape(3, 3), Picture("image"));

// In [3]: 1 filter (2,2,1,1) with padding: VALID
// print("imag:\n", image)
print("image.shape", image.shape);
var weight = tf.constant(new float[,,,] { { { { 1f } }, { { 1f } } },
                                          { { { 1f } }, { { 1f } } } });
print("weight.shape", weight.shape);
var conv2d = tf.nn.conv2d(image, weight, strides: new[] { 1, 1, 1, 1 }, padding: "VALID");
var conv2d_img = conv2d.eval();
print("conv2d_img.shape", conv2d_img.shape);
conv2d_img = np.swapaxes(conv2d_img, 0, 3);
foreach (var (one_img, i) in conv2d_img.Select((x, i) => (x, i)))
{
    print(one_img.reshape(2, 2));
    Pictures.Digit(one_img.reshape(2, 2), Picture($"valid-{i}"));
}

// In [4]: 1 filter (2,2,1,1) with padding:SAME
// print("imag:\n", image)
print("image.shape", image.shape);

weight = tf.constant(new float[,,,] { { { { 1f } }, { { 1f } } },
                                      { { { 1f } }, { { 1f } } } });
print("weight.shape", weight.shape);
conv2d = tf.nn.conv2d(image, weight, strides: new[] { 1, 1, 1, 1 }, padding: "SAME");
conv2d_img = conv2d.eval();
print("conv2d_img.shape", conv2d_img.shape);
conv2d_img = np.swapaxes(conv2d_img, 0, 3);
foreach (var (one_img, i) in conv2d_img.Select((x, i) => (x, i)))
{
    print(one_img.reshape(3, 3));
    Pictures.Digit(one_img.reshape(3, 3), Picture($"same-{i}"));
}

// In [5]: 3 filters (2,2,1,3)
// print("imag:\n", image)
print("image.shape", image.shape);

weight = tf.constant(new float[,,,] { { { { 1f, 10f, -1f } }, { { 1f, 10f, -1f } } },
                                      { { { 1f, 10f, -1f } }, { { 1f, 10f, -1f } } } });
print("weight.shape", weight.shape);
conv2d = tf.nn.conv2d(image, weight, strides: new[] { 1, 1, 1, 1 }, padding: "SAME");
conv2d_img = conv2d.eval();
print("conv2d_img.shape", conv2d_img.shape);
conv2d_img = np.swapaxes(conv2d_img, 0, 3);
foreach (var (one_img, i) in conv2d_img.Select((x, i) => (x, i)))
{
    print(one_img.reshape(3, 3));
    Pictures.Digit(one_img.reshape(3, 3), Picture($"three-filters-{i}"));
}

// In [6]: MAX POOLING
image = np.array(new float[,,,] { { { { 4 }, { 3 } },
                                    { { 2 }, { 1 } } } });
var pool = tf.nn.max_pool(image, ksize: new[] { 1, 2, 2, 1 },
                          strides: new[] { 1, 1, 1, 1 }, padding: "VALID");
print(pool.shape);
print(pool.eval());

// In [7]: SAME: Zero paddings
image = np.array(new float[,,,] { { { { 4 }, { 3 } },
                                    { { 2 }, { 1 } } } });
pool = tf.nn.max_pool(image, ksize: new[] { 1, 2, 2, 1 },
                      strides: new[] { 1, 1, 1, 1 }, padding: "SAME");
print(pool.shape);
print(pool.eval());

// In [8]
var mnist = input_data.read_data_sets(dataDir, one_hot: true);
// Check out https://www.tensorflow.org/get_started/mnist/beginners for
// more information about the mnist dataset

// In [9]
var img = mnist.train.images[0].reshape(28, 28);
Pictures.Digit(img, Picture("mnist-digit"));

// In [10]
sess = tf.InteractiveSession();

img = img.reshape(-1, 28, 28, 1);
var W1 = tf.Variable(tf.random_normal(new[] { 3, 3, 1, 5 }, stddev: 0.01));
conv2d = tf.nn.conv2d(img, W1, strides: new[] { 1, 2, 2, 1 }, padding: "SAME");
print(conv2d);
sess.run(tf.global_variables_initializer());
conv2d_img = conv2d.eval();
conv2d_img = np.swapaxes(conv2d_img, 0, 3);
foreach (var (one_img, i) in conv2d_img.Select((x, i) => (x, i)))
    Pictures.Digit(one_img.reshape(14, 14), Picture($"mnist-conv-{i}"));

// In [11]
pool = tf.nn.max_pool(conv2d, ksize: new[] { 1, 2, 2, 1 }, strides: new[] {
                        1, 2, 2, 1 }, padding: "SAME");
print(pool);
sess.run(tf.global_variables_initializer());
var pool_img = pool.eval();
pool_img = np.swapaxes(pool_img, 0, 3);
foreach (var (one_img, i) in pool_img.Select((x, i) => (x, i)))
    Pictures.Digit(one_img.reshape(7, 7), Picture($"mnist-pool-{i}"));
Console.Error.WriteLine($"Pictures: {picturesDir}/lab-11-0-*.png");
