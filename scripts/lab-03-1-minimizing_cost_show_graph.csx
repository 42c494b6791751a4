#r "nuget: ZeroToAll.Bridge, 0.1.0"
// Lab 3 Minimizing Cost (hunkim/DeepLearningZeroToAll, lab-03-1-minimizing_cost_show_graph.py): the cost for
// W = -3.0 .. 4.9. The original shows it with matplotlib; here it is lab-03-1-cost.png in the folder given as the
// argument (default: pictures/ in the current folder), and the script prints nothing to standard output, as the original.
using Bridge;
using static Bridge.Binding;

var chart = Path.Combine(Args.Count > 0 ? Args[0] : "pictures", "lab-03-1-cost.png");
Directory.CreateDirectory(Path.GetDirectoryName(chart)!);

var X = new[] { 1, 2, 3 };
var Y = new[] { 1, 2, 3 };

var W = tf.placeholder(tf.float32);

// Our hypothesis for linear model X * W
var hypothesis = X * W;

// cost/loss function
var cost = tf.reduce_mean(tf.square(hypothesis - Y));

// Variables for plotting cost function
var W_history = new List<double>();
var cost_history = new List<double>();

// Launch the graph in a session.
using (var sess = tf.Session())
{
    foreach (var i in range(-30, 50))
    {
        var curr_W = i * 0.1;
        var curr_cost = sess.run(cost, (W, curr_W));
        W_history.Add(curr_W);
        cost_history.Add((float)curr_cost);
    }
}

// Show the cost function
Pictures.Line(W_history, cost_history, chart, xlabel: "W", ylabel: "cost");
