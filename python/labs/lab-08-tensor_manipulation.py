# Lab 8: Tensor Manipulation (hunkim/DeepLearningZeroToAll, lab-08-tensor_manipulation.ipynb) as a script.
# The notebook's cells in order; only `import tensorflow as tf` is changed. A script has no Out[]: each cell whose
# value the notebook displayed as Out[n] is wrapped in pp.pprint(...).
# Run: cd python && PYTHONPATH=. /usr/bin/python3 labs/lab-08-tensor_manipulation.py

# https://www.tensorflow.org/api_guides/python/array_ops
from bridge import tf
import numpy as np
import pprint
tf.set_random_seed(777)  # for reproducibility

pp = pprint.PrettyPrinter(indent=4)
sess = tf.InteractiveSession()

# ## Random values for variable initializations
# These three cells come first: the notebook ran them right after the set-up (In [2]..[4]; its other cells ran
# later), on a fresh graph. TF 1.x seeds each random op with the graph seed (777) and the op's id in the graph
# (3, 9 and 16 here), so only in this position do they draw the values the notebook printed.
pp.pprint(tf.random_normal([3]).eval())

pp.pprint(tf.random_uniform([2]).eval())

pp.pprint(tf.random_uniform([2, 3]).eval())

# ## Simple Array
t = np.array([0., 1., 2., 3., 4., 5., 6.])
pp.pprint(t)
print(t.ndim) # rank
print(t.shape) # shape
print(t[0], t[1], t[-1])
print(t[2:5], t[4:-1])
print(t[:2], t[3:])

# ## 2D Array
t = np.array([[1., 2., 3.], [4., 5., 6.], [7., 8., 9.], [10., 11., 12.]])
pp.pprint(t)
print(t.ndim) # rank
print(t.shape) # shape

# ## Shape, Rank, Axis
t = tf.constant([1,2,3,4])
pp.pprint(tf.shape(t).eval())

t = tf.constant([[1,2],
                 [3,4]])
pp.pprint(tf.shape(t).eval())

t = tf.constant([[[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]],[[13, 14, 15, 16], [17, 18, 19, 20], [21, 22, 23, 24]]]])
pp.pprint(tf.shape(t).eval())

pp.pprint([
    [
        [
            [1,2,3,4], 
            [5,6,7,8],
            [9,10,11,12]
        ],
        [
            [13,14,15,16],
            [17,18,19,20], 
            [21,22,23,24]
        ]
    ]
])

# ## Matmul VS multiply
matrix1 = tf.constant([[3., 3.]])
matrix2 = tf.constant([[2.],[2.]])
pp.pprint(tf.matmul(matrix1, matrix2).eval())

pp.pprint((matrix1*matrix2).eval())

# ## Watch out broadcasting
matrix1 = tf.constant([[3., 3.]])
matrix2 = tf.constant([[2.],[2.]])
pp.pprint((matrix1+matrix2).eval())

matrix1 = tf.constant([[3., 3.]])
matrix2 = tf.constant([[2., 2.]])
pp.pprint((matrix1+matrix2).eval())

# ## Reduce Mean/Sum
pp.pprint(tf.reduce_mean([1, 2], axis=0).eval())

x = [[1., 2.],
     [3., 4.]]


pp.pprint(tf.reduce_mean(x).eval())

pp.pprint(tf.reduce_mean(x, axis=0).eval())

pp.pprint(tf.reduce_mean(x, axis=1).eval())

pp.pprint(tf.reduce_mean(x, axis=-1).eval())

pp.pprint(tf.reduce_sum(x).eval())

pp.pprint(tf.reduce_sum(x, axis=0).eval())

pp.pprint(tf.reduce_sum(x, axis=-1).eval())

pp.pprint(tf.reduce_mean(tf.reduce_sum(x, axis=-1)).eval())

# ## Argmax with axis
x = [[0, 1, 2],
     [2, 1, 0]]
pp.pprint(tf.argmax(x, axis=0).eval())

pp.pprint(tf.argmax(x, axis=1).eval())

pp.pprint(tf.argmax(x, axis=-1).eval())

# ## Reshape, squeeze, expand_dims
t = np.array([[[0, 1, 2], 
               [3, 4, 5]],
              
              [[6, 7, 8], 
               [9, 10, 11]]])
pp.pprint(t.shape)

pp.pprint(tf.reshape(t, shape=[-1, 3]).eval())

pp.pprint(tf.reshape(t, shape=[-1, 1, 3]).eval())

pp.pprint(tf.squeeze([[0], [1], [2]]).eval())

pp.pprint(tf.expand_dims([0, 1, 2], 1).eval())

# ## One hot
pp.pprint(tf.one_hot([[0], [1], [2], [0]], depth=3).eval())

t = tf.one_hot([[0], [1], [2], [0]], depth=3)
pp.pprint(tf.reshape(t, shape=[-1, 3]).eval())

# ## casting
pp.pprint(tf.cast([1.8, 2.2, 3.3, 4.9], tf.int32).eval())

pp.pprint(tf.cast([True, False, 1 == 1, 0 == 1], tf.int32).eval())

# ## Stack
x = [1, 4]
y = [2, 5]
z = [3, 6]

# Pack along first dim.
pp.pprint(tf.stack([x, y, z]).eval())

pp.pprint(tf.stack([x, y, z], axis=1).eval())

# ## Ones like and Zeros like
x = [[0, 1, 2],
     [2, 1, 0]]

pp.pprint(tf.ones_like(x).eval())

pp.pprint(tf.zeros_like(x).eval())

# ## Zip
for x, y in zip([1, 2, 3], [4, 5, 6]):
    print(x, y)

for x, y, z in zip([1, 2, 3], [4, 5, 6], [7, 8, 9]):
    print(x, y, z)

# ## Transpose
t = np.array([[[0, 1, 2], [3, 4, 5]], [[6, 7, 8], [9, 10, 11]]])
pp.pprint(t.shape)
pp.pprint(t)

t1 = tf.transpose(t, [1, 0, 2])
pp.pprint(sess.run(t1).shape)
pp.pprint(sess.run(t1))

t = tf.transpose(t1, [1, 0, 2])
pp.pprint(sess.run(t).shape)
pp.pprint(sess.run(t))

t2 = tf.transpose(t, [1, 2, 0])
pp.pprint(sess.run(t2).shape)
pp.pprint(sess.run(t2))

t = tf.transpose(t2, [2, 0, 1])
pp.pprint(sess.run(t).shape)
pp.pprint(sess.run(t))
