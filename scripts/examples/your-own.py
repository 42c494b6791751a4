# Your own model in Python: y = 2x + 1 from noisy points, learned by Adam. Run: python3 -m bridge run scripts/examples/your-own.py
import numpy as np
import tensorflow as tf  # Bridge, under `python3 -m bridge run` (or write: from bridge import tf)

tf.set_random_seed(777)
x_data = np.array([[0.0], [1.0], [2.0], [3.0], [4.0]], dtype=np.float32)
y_data = np.array([[1.1], [2.9], [5.2], [6.8], [9.1]], dtype=np.float32)
X = tf.placeholder(tf.float32, [None, 1])
Y = tf.placeholder(tf.float32, [None, 1])
W = tf.Variable(tf.random_normal([1, 1]), name="weight")
b = tf.Variable(tf.zeros([1]), name="bias")
cost = tf.reduce_mean(tf.square(tf.matmul(X, W) + b - Y))
train = tf.train.AdamOptimizer(learning_rate=0.1).minimize(cost)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(501):
    _, c = sess.run([train, cost], feed_dict={X: x_data, Y: y_data})
    if step % 100 == 0:
        print(step, c)
print("W:", sess.run(W), "b:", sess.run(b))
