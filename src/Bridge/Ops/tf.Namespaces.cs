namespace Bridge;

// tf.math and tf.linalg: TF 1.15's namespaces over the tf.* functions (each member calls the tf.* function; no op is
// defined twice).
public sealed partial class tensorflow
{
    /// <summary>tf.math: the math functions under TF 1.15's namespace (tf.math.reduce_sum, tf.math.tanh ...).</summary>
    public math_api math { get; } = new();

    /// <summary>tf.linalg: the linear-algebra functions under TF 1.15's namespace (tf.linalg.matmul, tf.linalg.trace ...).</summary>
    public linalg_api linalg { get; } = new();
}

/// <summary>tf.math: TF 1.15's math namespace, holding the tf.* math functions Bridge has (the same functions: no other ops).</summary>
public sealed class math_api
{
    internal math_api() { }

    /// <summary>tf.math.abs: <see cref="tensorflow.abs"/>.</summary>
    public Tensor abs(object x, string? name = null) => Binding.tf.abs(x, name);

    /// <summary>tf.math.add: <see cref="tensorflow.add"/>.</summary>
    public Tensor add(object x, object y, string? name = null) => Binding.tf.add(x, y, name);

    /// <summary>tf.math.add_n: <see cref="tensorflow.add_n"/>.</summary>
    public Tensor add_n(IEnumerable<object> inputs, string? name = null) => Binding.tf.add_n(inputs, name);

    /// <summary>tf.math.argmax: <see cref="tensorflow.argmax"/>.</summary>
    public Tensor argmax(object input, int axis = 0, string? name = null, TF_DataType output_type = TF_DataType.TF_INT64) => Binding.tf.argmax(input, axis, name, output_type);

    /// <summary>tf.math.argmin: <see cref="tensorflow.argmin"/>.</summary>
    public Tensor argmin(object input, int axis = 0, string? name = null, TF_DataType output_type = TF_DataType.TF_INT64) => Binding.tf.argmin(input, axis, name, output_type);

    /// <summary>tf.math.ceil: <see cref="tensorflow.ceil"/>.</summary>
    public Tensor ceil(object x, string? name = null) => Binding.tf.ceil(x, name);

    /// <summary>tf.math.count_nonzero: <see cref="tensorflow.count_nonzero"/>.</summary>
    public Tensor count_nonzero(object input_tensor, Axis? axis = null, bool keepdims = false, TF_DataType dtype = TF_DataType.TF_INT64, string? name = null) => Binding.tf.count_nonzero(input_tensor, axis, keepdims, dtype, name);

    /// <summary>tf.math.cumprod: <see cref="tensorflow.cumprod"/>.</summary>
    public Tensor cumprod(object x, object? axis = null, bool exclusive = false, bool reverse = false, string? name = null) => Binding.tf.cumprod(x, axis, exclusive, reverse, name);

    /// <summary>tf.math.cumsum: <see cref="tensorflow.cumsum"/>.</summary>
    public Tensor cumsum(object x, object? axis = null, bool exclusive = false, bool reverse = false, string? name = null) => Binding.tf.cumsum(x, axis, exclusive, reverse, name);

    /// <summary>tf.math.divide: <see cref="tensorflow.divide"/>.</summary>
    public Tensor divide(object x, object y, string? name = null) => Binding.tf.divide(x, y, name);

    /// <summary>tf.math.equal: <see cref="tensorflow.equal"/>.</summary>
    public Tensor equal(object x, object y, string? name = null) => Binding.tf.equal(x, y, name);

    /// <summary>tf.math.exp: <see cref="tensorflow.exp"/>.</summary>
    public Tensor exp(object x, string? name = null) => Binding.tf.exp(x, name);

    /// <summary>tf.math.floor: <see cref="tensorflow.floor"/>.</summary>
    public Tensor floor(object x, string? name = null) => Binding.tf.floor(x, name);

    /// <summary>tf.math.floordiv: <see cref="tensorflow.floordiv"/>.</summary>
    public Tensor floordiv(object x, object y, string? name = null) => Binding.tf.floordiv(x, y, name);

    /// <summary>tf.math.floormod: <see cref="tensorflow.floormod"/>.</summary>
    public Tensor floormod(object x, object y, string? name = null) => Binding.tf.floormod(x, y, name);

    /// <summary>tf.math.greater: <see cref="tensorflow.greater"/>.</summary>
    public Tensor greater(object x, object y, string? name = null) => Binding.tf.greater(x, y, name);

    /// <summary>tf.math.greater_equal: <see cref="tensorflow.greater_equal"/>.</summary>
    public Tensor greater_equal(object x, object y, string? name = null) => Binding.tf.greater_equal(x, y, name);

    /// <summary>tf.math.is_finite: <see cref="tensorflow.is_finite"/>.</summary>
    public Tensor is_finite(object x, string? name = null) => Binding.tf.is_finite(x, name);

    /// <summary>tf.math.is_inf: <see cref="tensorflow.is_inf"/>.</summary>
    public Tensor is_inf(object x, string? name = null) => Binding.tf.is_inf(x, name);

    /// <summary>tf.math.is_nan: <see cref="tensorflow.is_nan"/>.</summary>
    public Tensor is_nan(object x, string? name = null) => Binding.tf.is_nan(x, name);

    /// <summary>tf.math.less: <see cref="tensorflow.less"/>.</summary>
    public Tensor less(object x, object y, string? name = null) => Binding.tf.less(x, y, name);

    /// <summary>tf.math.less_equal: <see cref="tensorflow.less_equal"/>.</summary>
    public Tensor less_equal(object x, object y, string? name = null) => Binding.tf.less_equal(x, y, name);

    /// <summary>tf.math.log: <see cref="tensorflow.log"/>.</summary>
    public Tensor log(object x, string? name = null) => Binding.tf.log(x, name);

    /// <summary>tf.math.logical_and: <see cref="tensorflow.logical_and"/>.</summary>
    public Tensor logical_and(object x, object y, string? name = null) => Binding.tf.logical_and(x, y, name);

    /// <summary>tf.math.logical_not: <see cref="tensorflow.logical_not"/>.</summary>
    public Tensor logical_not(object x, string? name = null) => Binding.tf.logical_not(x, name);

    /// <summary>tf.math.logical_or: <see cref="tensorflow.logical_or"/>.</summary>
    public Tensor logical_or(object x, object y, string? name = null) => Binding.tf.logical_or(x, y, name);

    /// <summary>tf.math.logical_xor: <see cref="tensorflow.logical_xor"/>.</summary>
    public Tensor logical_xor(object x, object y, string? name = null) => Binding.tf.logical_xor(x, y, name);

    /// <summary>tf.math.maximum: <see cref="tensorflow.maximum"/>.</summary>
    public Tensor maximum(object x, object y, string? name = null) => Binding.tf.maximum(x, y, name);

    /// <summary>tf.math.minimum: <see cref="tensorflow.minimum"/>.</summary>
    public Tensor minimum(object x, object y, string? name = null) => Binding.tf.minimum(x, y, name);

    /// <summary>tf.math.mod: <see cref="tensorflow.mod"/>.</summary>
    public Tensor mod(object x, object y, string? name = null) => Binding.tf.mod(x, y, name);

    /// <summary>tf.math.multiply: <see cref="tensorflow.multiply"/>.</summary>
    public Tensor multiply(object x, object y, string? name = null) => Binding.tf.multiply(x, y, name);

    /// <summary>tf.math.negative: <see cref="tensorflow.negative"/>.</summary>
    public Tensor negative(object x, string? name = null) => Binding.tf.negative(x, name);

    /// <summary>tf.math.not_equal: <see cref="tensorflow.not_equal"/>.</summary>
    public Tensor not_equal(object x, object y, string? name = null) => Binding.tf.not_equal(x, y, name);

    /// <summary>tf.math.pow: <see cref="tensorflow.pow"/>.</summary>
    public Tensor pow(object x, object y, string? name = null) => Binding.tf.pow(x, y, name);

    /// <summary>tf.math.reciprocal: <see cref="tensorflow.reciprocal"/>.</summary>
    public Tensor reciprocal(object x, string? name = null) => Binding.tf.reciprocal(x, name);

    /// <summary>tf.math.reduce_all: <see cref="tensorflow.reduce_all"/>.</summary>
    public Tensor reduce_all(object input_tensor, Axis? axis = null, bool keepdims = false, string? name = null) => Binding.tf.reduce_all(input_tensor, axis, keepdims, name);

    /// <summary>tf.math.reduce_any: <see cref="tensorflow.reduce_any"/>.</summary>
    public Tensor reduce_any(object input_tensor, Axis? axis = null, bool keepdims = false, string? name = null) => Binding.tf.reduce_any(input_tensor, axis, keepdims, name);

    /// <summary>
    /// tf.math.reduce_euclidean_norm (TF 1.15; TF 1.0 has none): sqrt(sum(x * x)) over <paramref name="axis"/> (null:
    /// all), TF's EuclideanNorm op: the squares added in the order of reduce_sum, then the square root (an integer
    /// input gives the truncated root in its dtype, as TF's kernel). Not differentiable, as in TF 1.15: tf.gradients
    /// through it gives None (compose tf.sqrt(tf.reduce_sum(tf.square(x))) for a gradient).
    /// </summary>
    public Tensor reduce_euclidean_norm(object input_tensor, Axis? axis = null, bool keepdims = false, string? name = null) =>
        Binding.tf.EuclideanNorm(input_tensor, axis, keepdims, name);

    /// <summary>tf.math.reduce_logsumexp: <see cref="tensorflow.reduce_logsumexp"/>.</summary>
    public Tensor reduce_logsumexp(object input_tensor, Axis? axis = null, bool keepdims = false, string? name = null) => Binding.tf.reduce_logsumexp(input_tensor, axis, keepdims, name);

    /// <summary>tf.math.reduce_max: <see cref="tensorflow.reduce_max"/>.</summary>
    public Tensor reduce_max(object input_tensor, Axis? axis = null, bool keepdims = false, string? name = null) => Binding.tf.reduce_max(input_tensor, axis, keepdims, name);

    /// <summary>tf.math.reduce_mean: <see cref="tensorflow.reduce_mean"/>.</summary>
    public Tensor reduce_mean(object input_tensor, Axis? axis = null, bool keepdims = false, string? name = null) => Binding.tf.reduce_mean(input_tensor, axis, keepdims, name);

    /// <summary>tf.math.reduce_min: <see cref="tensorflow.reduce_min"/>.</summary>
    public Tensor reduce_min(object input_tensor, Axis? axis = null, bool keepdims = false, string? name = null) => Binding.tf.reduce_min(input_tensor, axis, keepdims, name);

    /// <summary>tf.math.reduce_prod: <see cref="tensorflow.reduce_prod"/>.</summary>
    public Tensor reduce_prod(object input_tensor, Axis? axis = null, bool keepdims = false, string? name = null) => Binding.tf.reduce_prod(input_tensor, axis, keepdims, name);

    /// <summary>tf.math.reduce_sum: <see cref="tensorflow.reduce_sum"/>.</summary>
    public Tensor reduce_sum(object input_tensor, Axis? axis = null, bool keepdims = false, string? name = null) => Binding.tf.reduce_sum(input_tensor, axis, keepdims, name);

    /// <summary>tf.math.round: <see cref="tensorflow.round"/>.</summary>
    public Tensor round(object x, string? name = null) => Binding.tf.round(x, name);

    /// <summary>tf.math.rsqrt: <see cref="tensorflow.rsqrt"/>.</summary>
    public Tensor rsqrt(object x, string? name = null) => Binding.tf.rsqrt(x, name);

    /// <summary>tf.math.sigmoid: <see cref="tensorflow.sigmoid"/>.</summary>
    public Tensor sigmoid(object x, string? name = null) => Binding.tf.sigmoid(x, name);

    /// <summary>tf.math.sign: <see cref="tensorflow.sign"/>.</summary>
    public Tensor sign(object x, string? name = null) => Binding.tf.sign(x, name);

    /// <summary>tf.math.log_softmax: <see cref="nn_api.log_softmax"/>.</summary>
    public Tensor log_softmax(object logits, int axis = -1, string? name = null) => Binding.tf.nn.log_softmax(logits, axis, name);

    /// <summary>tf.math.log1p: <see cref="tensorflow.log1p"/>.</summary>
    public Tensor log1p(object x, string? name = null) => Binding.tf.log1p(x, name);

    /// <summary>tf.math.squared_difference: <see cref="tensorflow.squared_difference"/>.</summary>
    public Tensor squared_difference(object x, object y, string? name = null) => Binding.tf.squared_difference(x, y, name);

    /// <summary>tf.math.l2_normalize: <see cref="nn_api.l2_normalize"/>.</summary>
    public Tensor l2_normalize(object x, Axis? axis = null, double epsilon = 1e-12, string? name = null) => Binding.tf.nn.l2_normalize(x, axis, epsilon, name);

    /// <summary>tf.math.softmax: <see cref="nn_api.softmax"/>.</summary>
    public Tensor softmax(object logits, int axis = -1, string? name = null) => Binding.tf.nn.softmax(logits, axis, name);

    /// <summary>tf.math.softplus: <see cref="nn_api.softplus"/>.</summary>
    public Tensor softplus(object features, string? name = null) => Binding.tf.nn.softplus(features, name);

    /// <summary>tf.math.softsign: <see cref="nn_api.softsign"/>.</summary>
    public Tensor softsign(object features, string? name = null) => Binding.tf.nn.softsign(features, name);

    /// <summary>tf.math.sqrt: <see cref="tensorflow.sqrt"/>.</summary>
    public Tensor sqrt(object x, string? name = null) => Binding.tf.sqrt(x, name);

    /// <summary>tf.math.square: <see cref="tensorflow.square"/>.</summary>
    public Tensor square(object x, string? name = null) => Binding.tf.square(x, name);

    /// <summary>tf.math.subtract: <see cref="tensorflow.subtract"/>.</summary>
    public Tensor subtract(object x, object y, string? name = null) => Binding.tf.subtract(x, y, name);

    /// <summary>tf.math.tanh: <see cref="tensorflow.tanh"/>.</summary>
    public Tensor tanh(object x, string? name = null) => Binding.tf.tanh(x, name);

    /// <summary>tf.math.truediv: <see cref="tensorflow.truediv"/>.</summary>
    public Tensor truediv(object x, object y, string? name = null) => Binding.tf.truediv(x, y, name);
}

/// <summary>tf.linalg: TF 1.15's linear-algebra namespace, holding the tf.* functions Bridge has (linalg.diag is tf.matrix_diag, linalg.tensor_diag is tf.diag, linalg.transpose is tf.matrix_transpose, as in TF 1.15).</summary>
public sealed class linalg_api
{
    internal linalg_api() { }

    /// <summary>tf.linalg.l2_normalize: <see cref="nn_api.l2_normalize"/>.</summary>
    public Tensor l2_normalize(object x, Axis? axis = null, double epsilon = 1e-12, string? name = null) => Binding.tf.nn.l2_normalize(x, axis, epsilon, name);

    /// <summary>tf.linalg.diag: <see cref="tensorflow.matrix_diag"/>.</summary>
    public Tensor diag(object diagonal, string? name = null) => Binding.tf.matrix_diag(diagonal, name);

    /// <summary>tf.linalg.diag_part: <see cref="tensorflow.matrix_diag_part"/>.</summary>
    public Tensor diag_part(object input, string? name = null) => Binding.tf.matrix_diag_part(input, name);

    /// <summary>tf.linalg.eye: <see cref="tensorflow.eye"/>.</summary>
    public Tensor eye(int num_rows, int? num_columns = null, int[]? batch_shape = null, TF_DataType dtype = TF_DataType.TF_FLOAT, string? name = null) => Binding.tf.eye(num_rows, num_columns, batch_shape, dtype, name);

    /// <summary>tf.linalg.global_norm: <see cref="tensorflow.global_norm"/>.</summary>
    public Tensor global_norm(IEnumerable<object?> t_list, string? name = null) => Binding.tf.global_norm(t_list, name);

    /// <summary>tf.linalg.matmul: <see cref="tensorflow.matmul"/>.</summary>
    public Tensor matmul(object a, object b, bool transpose_a = false, bool transpose_b = false, string? name = null) => Binding.tf.matmul(a, b, transpose_a, transpose_b, name);

    /// <summary>tf.linalg.norm: <see cref="tensorflow.norm"/>.</summary>
    public Tensor norm(object tensor, object? ord = null, Axis? axis = null, bool keepdims = false, string? name = null) => Binding.tf.norm(tensor, ord, axis, keepdims, name);

    /// <summary>tf.linalg.set_diag: <see cref="tensorflow.matrix_set_diag"/>.</summary>
    public Tensor set_diag(object input, object diagonal, string? name = null) => Binding.tf.matrix_set_diag(input, diagonal, name);

    /// <summary>tf.linalg.tensor_diag: <see cref="tensorflow.diag"/>.</summary>
    public Tensor tensor_diag(object diagonal, string? name = null) => Binding.tf.diag(diagonal, name);

    /// <summary>tf.linalg.tensor_diag_part: <see cref="tensorflow.diag_part"/>.</summary>
    public Tensor tensor_diag_part(object input, string? name = null) => Binding.tf.diag_part(input, name);

    /// <summary>tf.linalg.tensordot: <see cref="tensorflow.tensordot"/>.</summary>
    public Tensor tensordot(object a, object b, object axes, string? name = null) => Binding.tf.tensordot(a, b, axes, name);

    /// <summary>tf.linalg.trace: <see cref="tensorflow.trace"/>.</summary>
    public Tensor trace(object x, string? name = null) => Binding.tf.trace(x, name);

    /// <summary>tf.linalg.transpose: <see cref="tensorflow.matrix_transpose"/>.</summary>
    public Tensor transpose(object a, string? name = null) => Binding.tf.matrix_transpose(a, name);
}
