namespace Bridge;

// tf.train and tf.gradients.
public sealed partial class tensorflow
{
    /// <summary>tf.train: the optimizers.</summary>
    public train_api train { get; } = new();

    /// <summary>Symbolic gradients of sum(ys) with respect to each of xs (null where an x does not affect ys).</summary>
    public Tensor?[] gradients(object ys, object xs, Tensor[]? grad_ys = null)
    {
        Tensor[] Many(object o, string what) => o switch
        {
            Tensor t => [t],
            Variable v => [v.Snapshot],
            IEnumerable<object> list => list.Select(e => e switch
            {
                Tensor t => t,
                Variable v => v.Snapshot,
                _ => throw new TypeError($"tf.gradients: {what} must be tensors or variables, not {e?.GetType().Name ?? "null"}."),
            }).ToArray(),
            _ => throw new TypeError($"tf.gradients: {what} must be a tensor, a variable or a list of them."),
        };
        return Gradients.Compute(Many(ys, "ys"), Many(xs, "xs"), grad_ys);
    }
}

/// <summary>tf.train: TF 1.x's optimizers.</summary>
public sealed partial class train_api
{
    internal train_api() { }

    /// <summary>Gradient descent with a fixed learning rate.</summary>
    public GradientDescentOptimizer GradientDescentOptimizer(float learning_rate, string name = "GradientDescent") => new(learning_rate, name);

    /// <summary>Adam with TF 1.x's defaults.</summary>
    public AdamOptimizer AdamOptimizer(float learning_rate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, string name = "Adam") =>
        new(learning_rate, beta1, beta2, epsilon, name);
}
