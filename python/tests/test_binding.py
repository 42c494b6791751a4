"""tf as derived from the C# facade: every public C# method reachable, TF 1.x's signatures, aliases, errors in Python."""
import fnmatch
import inspect

import numpy as np
import pytest

from bridge import _binding, errors, tf
from bridge.errors import python_message

import System  # type: ignore
from System.Reflection import BindingFlags  # type: ignore
from Bridge import Binding  # type: ignore

_PUBLIC = BindingFlags.Public | BindingFlags.Instance

# Public members of the C# facade that Python does not have under the same name, and why.
CSHARP_ONLY = {
    # `tf.float16` is a C# placeholder (TF_DataType.DtInvalid) so that C# code naming it compiles; Bridge has no
    # float16, and Python leaves the name out rather than give a dtype that fails at first use.
    "tf.float16",
}


def _facade_objects():
    """(qualified name, .NET object, Python namespace) of the facade object and its sub-APIs, found by reflection
    here independently of the binding."""
    out = [("tf", Binding.tf, tf)]
    for p in Binding.tf.GetType().GetProperties(_PUBLIC):
        if p.PropertyType.Name.endswith("_api"):
            out.append((f"tf.{p.Name}", p.GetValue(Binding.tf), getattr(tf, p.Name)))
    return out


def _methods(net_type):
    """name -> [[parameter names] of each overload], for the public methods of a .NET type (no property accessors)."""
    out = {}
    for m in net_type.GetMethods(_PUBLIC):
        if m.IsSpecialName or m.DeclaringType.FullName == "System.Object":
            continue
        out.setdefault(m.Name, []).append([p.Name for p in m.GetParameters()])
    return out


def test_every_public_method_of_the_facade_is_reachable_from_python():
    objects = _facade_objects()
    assert {q for q, _, _ in objects} >= {"tf", "tf.nn", "tf.summary", "tf.train"}
    missing, not_callable, count = [], [], 0
    for qual, net, py in objects:
        for name in _methods(net.GetType()):
            count += 1
            if f"{qual}.{name}" in CSHARP_ONLY:
                continue
            if name not in dir(py) or not hasattr(py, name):
                missing.append(f"{qual}.{name}")
            elif not callable(getattr(py, name)):
                not_callable.append(f"{qual}.{name}")
    assert count > 70  # the enumeration found the facade's methods
    assert not missing and not not_callable, (missing, not_callable)


def test_derived_functions_take_the_csharp_parameter_names_as_keywords():
    """Each function derived from C# (not replaced by a Python one) accepts every C# parameter name as a keyword."""
    replaced = {"tf.Session", "tf.InteractiveSession", "tf.name_scope", "tf.get_default_session", "tf.summary.FileWriter"}
    for qual, net, py in _facade_objects():
        for name, overloads in _methods(net.GetType()).items():
            if f"{qual}.{name}" in replaced:
                continue
            fn = getattr(py, name)
            params = inspect.signature(fn).parameters
            names = set(params)
            assert any(set(o) <= names for o in overloads), (qual, name, overloads, list(params))


def test_dtype_fields_are_python_dtypes():
    for f in Binding.tf.GetType().GetFields(_PUBLIC):
        if f.FieldType.Name != "TF_DataType":  # tf.AUTO_REUSE: see test_variables.py
            continue
        if f"tf.{f.Name}" in CSHARP_ONLY:
            assert not hasattr(tf, f.Name)
            continue
        d = getattr(tf, f.Name)
        assert isinstance(d, tf.DType) and d._net == f.GetValue(Binding.tf), f.Name
    assert tf.bool.name == "bool" and tf.float32.name == "float32"


def test_returned_objects_have_their_csharp_methods():
    opt = tf.train.GradientDescentOptimizer(0.5)
    assert isinstance(opt, tf.train.Optimizer) and opt.name == "GradientDescent"
    assert abs(opt.learning_rate - 0.5) < 1e-7
    for name in _methods(opt._t.GetType()):
        assert callable(getattr(opt, name)), name


def test_the_tables_match_the_csharp_methods():
    """Every SIGNATURES entry names a C# method, and each of its parameters is a C# parameter, an alias, or a TF-only
    parameter with a TF default (ignored, folded, or accepted at that default only)."""
    methods = {}
    for qual, net, _ in _facade_objects():
        short = qual.split(".", 1)[1] + "." if "." in qual else ""
        for name, overloads in _methods(net.GetType()).items():
            methods[short + name] = overloads
    for t in ("Bridge.Optimizer",):
        net_type = System.Type.GetType(f"{t}, Bridge")
        for name, overloads in _methods(net_type).items():
            methods[f"{net_type.Name}.{name}"] = overloads
    for key, text in _binding.SIGNATURES.items():
        assert key in methods, key
        cs = set().union(*map(set, methods[key]))
        aliases = _binding._aliases_of(key)
        for p in _binding._parse_signature(text):
            if p.name in cs or p.name in aliases or p.kind == p.VAR_POSITIONAL:
                continue
            assert p.default is not p.empty, (key, p.name)
    for alias, (target, where) in _binding.ALIASES.items():
        assert any(target in set().union(*map(set, ms)) for k, ms in methods.items()
                   if any(fnmatch.fnmatchcase(k, pat) for pat in where.split())), alias


# --- TF 1.x's signatures, positional orders and keywords -----------------------------------------------------------

def test_tf_1x_positional_orders():
    assert str(inspect.signature(tf.matmul)) == ("(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, "
                                                 "adjoint_b=False, a_is_sparse=False, b_is_sparse=False, name=None)")
    assert list(inspect.signature(tf.Variable).parameters)[:6] == [
        "initial_value", "trainable", "collections", "validate_shape", "caching_device", "name"]
    assert list(inspect.signature(tf.argmax).parameters) == ["input", "axis", "name", "dimension", "output_type"]
    assert list(inspect.signature(tf.reduce_mean).parameters) == [
        "input_tensor", "axis", "keepdims", "name", "reduction_indices", "keep_dims"]
    tf.reset_default_graph()
    a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    v = tf.Variable(a, True, None, True, None, "weights")  # TF 1.x's positional order: name is 6th
    assert v.name == "weights:0"
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(s.run(tf.matmul(a, a, False, True)), [[5.0, 11.0], [11.0, 25.0]])
        assert s.run(tf.argmax([[1, 5, 2]], 1, "am", None, tf.int32)).dtype == np.int32


def test_variable_with_the_labs_dtype_argument():
    """tf.Variable([.3], tf.float32), as the course's labs write it: tf.float32 lands in `trainable` (truthy)."""
    tf.reset_default_graph()
    w = tf.Variable([.3], tf.float32)
    b = tf.Variable([-.3], tf.float32)
    assert w.dtype == tf.float32 and w.shape.as_list() == [1]
    assert [v.name for v in tf.trainable_variables()] == ["Variable:0", "Variable_1:0"]
    x = tf.placeholder(tf.float32, [None])
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        r = s.run(w * x + b, {x: [1, 2, 3, 4]})
    assert r.dtype == np.float32
    np.testing.assert_allclose(r, [0.0, 0.3, 0.6, 0.9], atol=1e-6)


def test_deprecated_keyword_aliases():
    tf.reset_default_graph()
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    with tf.Session() as s:
        def same(a, b):
            ra, rb = s.run([a, b])
            assert a.shape == b.shape
            np.testing.assert_array_equal(ra, rb)
        same(tf.reduce_sum(x, reduction_indices=1, keep_dims=True), tf.reduce_sum(x, axis=1, keepdims=True))
        same(tf.reduce_mean(x, reduction_indices=[0]), tf.reduce_mean(x, axis=[0]))
        same(tf.expand_dims(x, dim=0), tf.expand_dims(x, axis=0))
        same(tf.squeeze(tf.expand_dims(x, 0), squeeze_dims=[0]), tf.squeeze(tf.expand_dims(x, 0), axis=[0]))
        same(tf.argmax(x, dimension=1), tf.argmax(x, axis=1))
        same(tf.nn.softmax(x, dim=0), tf.nn.softmax(x, axis=0))
    with pytest.raises(ValueError, match="tf.reduce_sum: give axis= or its deprecated name reduction_indices="):
        tf.reduce_sum(x, axis=0, reduction_indices=0)
    with pytest.raises(TypeError, match=r"tf.expand_dims: axis is required"):
        tf.expand_dims(x)


def test_tf_only_keywords_ignored_folded_or_refused():
    tf.reset_default_graph()
    a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    v = tf.Variable([1.0])
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        assert s.run(tf.assign_add(v, [2.0], use_locking=True)).tolist() == [3.0]  # ignored: changes nothing
        np.testing.assert_array_equal(s.run(tf.matmul(a, a, adjoint_b=True)), s.run(tf.matmul(a, a, transpose_b=True)))
        assert s.run(tf.ones_like(a, optimize=False)).tolist() == [[1.0, 1.0], [1.0, 1.0]]
        assert s.run(tf.transpose(a, conjugate=True)).tolist() == [[1.0, 3.0], [2.0, 4.0]]
    with pytest.raises(NotImplementedError, match=r"tf.Variable: import_scope='x' is not supported"):
        tf.Variable(1.0, import_scope="x")
    with pytest.raises(NotImplementedError, match=r"tf.constant: verify_shape=True is not supported"):
        tf.constant([1.0], shape=[1], verify_shape=True)
    assert tf.global_variables("x") == []  # scope filters (test_variables.py)


def test_overloads_and_argument_forms():
    tf.reset_default_graph()
    x = tf.placeholder("float", [None, 3])  # the string-dtype overload's job, done by the TF_DataType one
    assert x.dtype == tf.float32 and x.shape.as_list() == [None, 3]
    assert tf.random_normal([2, 3]).shape.as_list() == [2, 3]  # the Shape overload (not int[])
    assert tf.random_normal((2,)).shape.as_list() == [2] and tf.zeros(4).shape.as_list() == [4]
    s1 = tf.stack([[1, 2], [3, 4]])  # IEnumerable (any values), not IEnumerable<Tensor>
    s2 = tf.stack([tf.constant([1, 2]), tf.constant([3, 4])], axis=1)
    assert s1.dtype == tf.int32 and s1.shape.as_list() == [2, 2] and s2.shape.as_list() == [2, 2]
    assert tf.constant(0.1, tf.float64).dtype == tf.float64
    with tf.Session() as s:
        assert s.run(tf.constant(0.1, tf.float64)) == np.float64(0.1)  # converted as float64, not via float32
        assert s.run(tf.cast([1.7, -1.7], tf.int32)).tolist() == [1, -1]
        assert s.run(tf.group(tf.constant(1), name="g")) is None
        g = tf.gradients(tf.reduce_sum(tf.square(tf.constant([1.0, 2.0]))), [tf.constant(1.0)])
        assert g == [None]


# --- dir(tf) -------------------------------------------------------------------------------------------------------

def test_dir_tf_lists_tf_names_only():
    names = dir(tf)
    for helper in ("np", "os", "System", "call", "net_tf", "arg", "wrap", "types", "builtins", "annotations",
                   "atexit", "weakref", "contextlib", "binary", "net_list"):
        assert helper not in names, helper
    assert all(not n.startswith("_") for n in names), [n for n in names if n.startswith("_")]
    for n in ("placeholder", "Variable", "matmul", "Session", "name_scope", "nn", "train", "summary", "errors",
              "float32", "bool", "sub", "mul", "div", "pack", "to_float", "reduce_mean", "DType", "dtypes"):
        assert n in names, n
    for n in names:
        getattr(tf, n)  # every listed name resolves
    assert set(dir(tf.nn)) >= {"softmax", "sigmoid"} and "System" not in dir(tf.nn)
    assert {n for n in dir(tf.train) if not n.startswith("__")} >= {"GradientDescentOptimizer", "AdamOptimizer", "Optimizer"}
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        tf.nope  # noqa: B018


# --- errors in Python's words --------------------------------------------------------------------------------------

def test_a_bad_call_is_a_python_type_error_naming_the_function_and_signature():
    tf.reset_default_graph()
    x = tf.constant([[1.0, 2.0]])
    cases = [
        (lambda: tf.add(x), r"^tf.add\(\) missing required argument 'y'\. - help: call tf.add\(x, y, name=None\)\.$"),
        (lambda: tf.matmul(x, x, bogus=1), r"tf.matmul\(\) got an unexpected keyword argument 'bogus'.*"
                                           r"tf.matmul\(a, b, transpose_a=False"),
        (lambda: tf.reduce_mean(x, 1, False, None, None, None, 7), r"tf.reduce_mean\(\) takes 6 positional arguments"),
        (lambda: tf.expand_dims(x, "1"), r"tf.expand_dims: axis must be an int .*not '1' \(str\).*"
                                         r"tf.expand_dims\(input, axis=None, name=None, dim=None\)"),
        (lambda: tf.reshape(x, "2"), r"tf.reshape: shape must be a list of dimensions known when the graph is built"),
        (lambda: tf.one_hot([1], 2.5), r"tf.one_hot: depth must be an int"),
        (lambda: tf.assign(x, 1.0), r"tf.assign: ref must be a tf.Variable, not a tf.Tensor"),
        (lambda: tf.train.GradientDescentOptimizer("fast"), r"tf.train.GradientDescentOptimizer: learning_rate must be a number"),
    ]
    for fn, pattern in cases:
        with pytest.raises(TypeError, match=pattern) as info:
            fn()
        assert isinstance(info.value, errors.TypeError)
        assert "tensorflow" not in str(info.value) and "System." not in str(info.value), str(info.value)


def test_csharp_idioms_in_help_texts_become_python():
    cases = {
        "tf.placeholder: Bridge needs the placeholder's rank. - help: pass a shape, with -1 (None) for dimensions of "
        "any size, e.g. tf.placeholder(tf.float32, new[] { -1, 3 }).":
            "tf.placeholder: Bridge needs the placeholder's rank. - help: pass a shape, with None for dimensions of "
            "any size, e.g. tf.placeholder(tf.float32, [None, 3]).",
        "e - help: tf.placeholder(tf.float32, new int?[] { null, 3 })": "e - help: tf.placeholder(tf.float32, [None, 3])",
        "e - help: tf.reshape(v, new[] { 1, -1 })": "e - help: tf.reshape(v, [1, -1])",
        "e - help: tf.reduce_mean(x, axis: 1)": "e - help: tf.reduce_mean(x, axis=1)",
        "e - help: tf.matmul(a, b, transpose_b: true)": "e - help: tf.matmul(a, b, transpose_b=True)",
        "e - help: reshape the value, or pass validate_shape: false.": "e - help: reshape the value, or pass validate_shape=False.",
        "e - help: tf.squeeze(x, axis: ...).": "e - help: tf.squeeze(x, axis=...).",
        "e - help: read it with (float)a or a.item().": "e - help: read it with float(a) or a.item().",
        "e - help: pass TF_DataType.TF_FLOAT or TF_DataType.TF_UINT8.": "e - help: pass tf.float32 or tf.uint8.",
        "e - help: pass it in the feed_dict: sess.run(..., (X, value)).":
            "e - help: pass it in the feed_dict: sess.run(..., feed_dict={X: value}).",
        "cannot fetch null. - help: fetch tensors.": "cannot fetch None. - help: fetch tensors.",
        "e - help: tf.AdamOptimizer(learning_rate: 1e-8f)": "e - help: tf.AdamOptimizer(learning_rate=1e-8)",
        # Python already: unchanged.
        "tf.matmul: inner dimensions differ: a is [1, 3], b is [2, 2] (3 != 2). - help: tf.cast(x, tf.float32) first.":
            "tf.matmul: inner dimensions differ: a is [1, 3], b is [2, 2] (3 != 2). - help: tf.cast(x, tf.float32) first.",
        "no help here: null": "no help here: None",
    }
    for cs, py in cases.items():
        assert python_message(cs) == py, cs


def test_bridge_errors_reach_python_translated():
    tf.reset_default_graph()
    with pytest.raises(ValueError, match=r"transpose_b=True") as info:
        tf.matmul(tf.ones([1, 3]), tf.ones([2, 3]))
    assert "transpose_b: true" not in str(info.value)
    v = tf.Variable([1.0, 2.0])
    with pytest.raises(ValueError, match=r"pass validate_shape=False"):
        tf.assign(v, [1.0, 2.0, 3.0])
    assert tf.assign(v, [1.0, 2.0, 3.0], validate_shape=False).shape.as_list() == [3]


def test_derivation_needs_no_table_entry():
    """What a new facade method gets with no Python edit: Bridge's C# `np` object, which no table names, derives the
    same way (signatures from C#, arguments converted by type, a Python TypeError for a bad call)."""
    np_ns = _binding.namespace(Binding.np, "np")
    assert {"arange", "zeros", "mean"} <= set(dir(np_ns))
    assert str(inspect.signature(np_ns.arange)) == "(stop)"
    assert str(np_ns.arange(4)) == "[0 1 2 3]"
    assert str(np_ns.zeros([2], tf.int32)) == "[0 0]"
    with pytest.raises(TypeError, match=r"np.arange: stop must be an int .*not 'x' \(str\). - help: call np.arange\(stop\)"):
        np_ns.arange("x")


def test_placeholders_without_a_shape_as_tf_1x():
    """TF 1.x's unknown rank: 15 of the course's labs make placeholders without a shape and feed lists."""
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32)
    assert str(x.shape) == "<unknown>" and x.shape.ndims is None and x.get_shape().ndims is None
    with pytest.raises(ValueError):
        x.shape.as_list()
    y = x * 2.0 + 1.0
    with tf.Session() as s:
        assert s.run(y, {x: [1, 2, 3]}).tolist() == [3.0, 5.0, 7.0]
        assert s.run(y, {x: [[1], [2]]}).shape == (2, 1)
    x.set_shape([None, 3])
    assert str(x.shape) == "(?, 3)"
    with pytest.raises(ValueError, match="not compatible"):
        x.set_shape([2, 4])
    p = tf.placeholder(tf.float32, [None, 784])
    assert str(p.shape) == "(?, 784)" and p.shape.as_list() == [None, 784]


def test_every_op_of_the_vocabulary_is_reachable_from_python():
    """The op walk's Python half: each tf.* function an op definition names resolves on the Python tf module."""
    from Bridge.Interop import PythonInterop  # type: ignore
    entries = [str(e) for e in PythonInterop.OpFunctions()]
    assert len(entries) > 40
    for entry in entries:
        op, name = entry.split(": ")
        target = tf
        for part in name.split(".")[1:]:
            assert hasattr(target, part), f"{op}: {name} is not reachable from Python"
            target = getattr(target, part)
        assert callable(target), f"{op}: {name}"


def test_graph_as_default_is_a_with_block():
    tf.reset_default_graph()
    outer = tf.get_default_graph()
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(1.0)
        assert tf.get_default_graph() == g
    assert c.graph == g and tf.get_default_graph() == outer
    with tf.Session(graph=g) as s:
        assert s.run(c) == 1.0
