namespace Bridge;

// tf.get_variable and tf.variable_scope (TF 1.x's variable_scope.py): variables shared by name, scopes that carry
// defaults (initializer, regularizer, dtype, reuse), and the name scopes they open.
public sealed partial class tensorflow
{
    /// <summary>
    /// TF 1.x's tf.AUTO_REUSE: as the <c>reuse</c> of a variable scope, tf.get_variable returns the variable when it
    /// exists and creates it otherwise.
    /// </summary>
    public readonly ReuseMode AUTO_REUSE = ReuseMode.AUTO_REUSE;

    /// <summary>
    /// TF 1.x's tf.get_variable: the variable "scope/name" of the current variable scope, created, or returned when it
    /// exists and the scope reuses (reuse=True or tf.AUTO_REUSE). Its name ignores name scopes (tf.name_scope), as
    /// TF's. <paramref name="initializer"/> is an <see cref="Initializer"/> (tf.zeros_initializer(),
    /// tf.contrib.layers.xavier_initializer() ...), a function <c>Func&lt;Shape, TF_DataType, object&gt;</c> making the
    /// value, or a value or tensor (then leave <paramref name="shape"/> out: the value gives it); without one, the
    /// scope's initializer, else glorot_uniform_initializer() for floats and zeros for integers and bool (TF 1.x's
    /// defaults). <paramref name="dtype"/> defaults to the scope's (float32). <paramref name="regularizer"/> (or the
    /// scope's) is applied to the new variable under "name/Regularizer/" and its loss added to REGULARIZATION_LOSSES.
    /// <paramref name="trainable"/> null means true. Errors as TF's ValueErrors: "Variable x already exists,
    /// disallowed. ...", "Variable x does not exist, or was not created with tf.get_variable(). ...", "Trying to share
    /// variable x, but specified shape ...". <paramref name="caching_device"/> changes nothing (no devices);
    /// <paramref name="partitioner"/>, <paramref name="custom_getter"/>, <paramref name="constraint"/> and
    /// use_resource=true are not supported (NotImplementedError).
    /// </summary>
    public Variable get_variable(string name, Shape? shape = null, TF_DataType dtype = TF_DataType.DtInvalid, object? initializer = null,
        Func<Variable, Tensor?>? regularizer = null, bool? trainable = null, IEnumerable<string>? collections = null,
        string? caching_device = null, object? partitioner = null, bool validate_shape = true, bool? use_resource = null,
        object? custom_getter = null, object? constraint = null)
    {
        if (partitioner is not null || custom_getter is not null || constraint is not null || use_resource == true)
            throw new NotImplementedException("tf.get_variable: partitioner, custom_getter, constraint and use_resource=True are not supported by Bridge. - help: leave them out.");
        if (string.IsNullOrEmpty(name))
            throw new ValueError("tf.get_variable: a name is required. - help: pass the variable's name, e.g. tf.get_variable(\"W\", new[] { 3, 4 }).");
        var g = Bridge.Graph.Default;
        var store = g.VariableScopes;
        var scope = store.Current;
        regularizer ??= scope.default_regularizer;
        string full = scope.name.Length > 0 ? scope.name + "/" + name : name;
        // TF: "Variable names only depend on variable_scope, not name_scope", so the name scope is reset meanwhile.
        using (g.PushScope(null))
        {
            if (dtype != TF_DataType.DtInvalid && initializer is not null && !IsCallableInitializer(initializer))
            {
                // TF converts the value to learn its dtype (a Const, for values that are not tensors).
                var probe = initializer is Variable pv ? pv.Snapshot : initializer as Tensor ?? OpHelpers.ToTensor(initializer, "tf.get_variable");
                if (probe.dtype != dtype)
                    throw new ValueError($"Initializer type '{probe.dtype.as_numpy_name()}' and explicit dtype '{dtype.as_numpy_name()}' don't match. - help: tf.get_variable(\"{name}\"): give a value of dtype {dtype.as_numpy_name()}, or leave dtype out.");
                initializer = probe;
            }
            initializer ??= scope.default_initializer;
            if (dtype == TF_DataType.DtInvalid) dtype = scope.default_dtype;
            return store.GetVariable(full, shape, dtype, initializer, regularizer, scope.Reuse, trainable ?? true, collections, validate_shape);
        }
    }

    internal static bool IsCallableInitializer(object initializer) => initializer is Initializer or Func<Shape, TF_DataType, object>;

    /// <summary>
    /// TF 1.x's tf.variable_scope as a using block: <c>using (tf.variable_scope("layer1")) { var W = tf.get_variable("W", ...); }</c>
    /// makes "layer1/W". <paramref name="name_or_scope"/> is a name (a sub-scope of the current one, which also opens
    /// a name scope of that name, made unique as TF does: "layer1_1" when entered again), a <see cref="VariableScope"/>
    /// (or what an earlier tf.variable_scope returned) to enter again, or null with <paramref name="default_name"/> (a
    /// new scope, named uniquely: "dense", "dense_1"). <paramref name="reuse"/>: true (get existing variables; also
    /// for every sub-scope), tf.AUTO_REUSE (get or create), null or false (inherit the parent's). The
    /// <paramref name="initializer"/>, <paramref name="regularizer"/> and <paramref name="dtype"/> become the
    /// defaults of tf.get_variable inside. <paramref name="values"/> and <paramref name="caching_device"/> change
    /// nothing; <paramref name="partitioner"/>, <paramref name="custom_getter"/>, <paramref name="constraint"/> and
    /// use_resource=true are not supported; auxiliary_name_scope=false enters no name scope.
    /// </summary>
    public VariableScopeContext variable_scope(object? name_or_scope, string? default_name = null, object? values = null, object? initializer = null,
        Func<Variable, Tensor?>? regularizer = null, string? caching_device = null, object? partitioner = null, object? custom_getter = null,
        object? reuse = null, TF_DataType dtype = TF_DataType.DtInvalid, bool? use_resource = null, object? constraint = null,
        bool auxiliary_name_scope = true)
    {
        if (partitioner is not null || custom_getter is not null || constraint is not null || use_resource == true)
            throw new NotImplementedException("tf.variable_scope: partitioner, custom_getter, constraint and use_resource=True are not supported by Bridge. - help: leave them out.");
        if (name_or_scope is VariableScopeContext c) name_or_scope = c.scope;
        if (default_name is null && name_or_scope is null)
            throw new TypeError("If default_name is None then name_or_scope is required. - help: tf.variable_scope(\"name\") or tf.variable_scope(null, default_name: \"name\").");
        if (name_or_scope is not null and not string and not VariableScope)
            throw new TypeError($"VariableScope: name_or_scope must be a string or VariableScope, not {name_or_scope.GetType().Name}.");
        var mode = reuse switch
        {
            null or false => Reuse.Inherit,
            true => Reuse.True,
            ReuseMode => Reuse.Auto,
            _ => throw new ValueError($"The reuse parameter must be True or False or None (or tf.AUTO_REUSE), not {reuse}."),
        };
        return new VariableScopeContext(Bridge.Graph.Default, name_or_scope, default_name, mode, initializer, regularizer, dtype, auxiliary_name_scope);
    }

    /// <summary>The current variable scope (TF's tf.get_variable_scope()): its name, reuse and defaults; <c>reuse_variables()</c> sets reuse.</summary>
    public VariableScope get_variable_scope() => Bridge.Graph.Default.VariableScopes.Current;

    /// <summary>
    /// TF 1.x's tf.get_local_variable: tf.get_variable for a variable of LOCAL_VARIABLES (not trainable unless asked);
    /// <paramref name="collections"/> are added to LOCAL_VARIABLES.
    /// </summary>
    public Variable get_local_variable(string name, Shape? shape = null, TF_DataType dtype = TF_DataType.DtInvalid, object? initializer = null,
        Func<Variable, Tensor?>? regularizer = null, bool trainable = false, IEnumerable<string>? collections = null,
        string? caching_device = null, object? partitioner = null, bool validate_shape = true, bool? use_resource = null,
        object? custom_getter = null, object? constraint = null) =>
        get_variable(name, shape, dtype, initializer, regularizer, trainable,
            (collections ?? []).Append(CollectionKeys.LOCAL_VARIABLES).ToArray(), caching_device, partitioner, validate_shape, use_resource, custom_getter, constraint);
}

/// <summary>The type of tf.AUTO_REUSE (TF's _ReuseMode).</summary>
public sealed class ReuseMode
{
    private ReuseMode() { }

    /// <summary>tf.AUTO_REUSE: get the variable when it exists, else create it.</summary>
    public static ReuseMode AUTO_REUSE { get; } = new();

    public override string ToString() => "_ReuseMode.AUTO_REUSE";
}

/// <summary>A scope's reuse: inherit (TF's None), false, true, or tf.AUTO_REUSE.</summary>
internal enum Reuse { Inherit, False, True, Auto }

/// <summary>
/// TF 1.x's VariableScope: the name prefix of tf.get_variable and its defaults. <see cref="reuse_variables"/> makes
/// tf.get_variable return existing variables from then on (in this scope and the scopes opened inside it later).
/// </summary>
public sealed class VariableScope
{
    internal VariableScope(Reuse reuse, string name = "", object? initializer = null, Func<Variable, Tensor?>? regularizer = null,
        string name_scope = "", TF_DataType dtype = TF_DataType.TF_FLOAT)
    {
        Reuse = reuse;
        this.name = name;
        _initializer = initializer;
        _regularizer = regularizer;
        original_name_scope = name_scope;
        _dtype = dtype;
    }

    internal Reuse Reuse { get; private set; }

    /// <summary>The scope's name: the prefix of tf.get_variable's names ("layer1", "" at the top).</summary>
    public string name { get; }

    /// <summary>The name scope the scope opened first, with a trailing "/" ("layer1/"); "" at the top.</summary>
    public string original_name_scope { get; }

    /// <summary>TF's reuse flag: true, false or tf.AUTO_REUSE.</summary>
    public object reuse => Reuse switch { Reuse.True => true, Reuse.Auto => ReuseMode.AUTO_REUSE, _ => false };

    /// <summary>
    /// TF's <c>scope.initializer</c>, the default initializer of tf.get_variable in this scope (null: TF's defaults);
    /// C# reserves the name for <see cref="set_initializer"/>, as for regularizer and dtype. Python has TF's names.
    /// </summary>
    public object? default_initializer => _initializer;

    private object? _initializer;
    private Func<Variable, Tensor?>? _regularizer;
    private TF_DataType _dtype;

    /// <summary>TF's <c>scope.regularizer</c>: the default regularizer of tf.get_variable in this scope.</summary>
    public Func<Variable, Tensor?>? default_regularizer => _regularizer;

    /// <summary>TF's <c>scope.dtype</c>: the default dtype of tf.get_variable in this scope (float32 unless set).</summary>
    public TF_DataType default_dtype => _dtype;

    /// <summary>From now on tf.get_variable in this scope returns existing variables (TF's reuse=True).</summary>
    public void reuse_variables() => Reuse = Reuse.True;

    /// <summary>Sets the scope's default initializer.</summary>
    public void set_initializer(object? initializer) => _initializer = initializer;

    /// <summary>Sets the scope's default regularizer.</summary>
    public void set_regularizer(Func<Variable, Tensor?>? regularizer) => _regularizer = regularizer;

    /// <summary>Sets the scope's default dtype.</summary>
    public void set_dtype(TF_DataType dtype) => _dtype = dtype;

    /// <summary>The items of collection <paramref name="name"/> whose names begin with this scope's name and "/".</summary>
    public object[] get_collection(string name) => Binding.tf.get_collection(name, this.name.Length > 0 ? System.Text.RegularExpressions.Regex.Escape(this.name + "/") : null);

    /// <summary>This scope's trainable variables.</summary>
    public Variable[] trainable_variables() => get_collection(CollectionKeys.TRAINABLE_VARIABLES).OfType<Variable>().ToArray();

    /// <summary>This scope's global variables.</summary>
    public Variable[] global_variables() => get_collection(CollectionKeys.GLOBAL_VARIABLES).OfType<Variable>().ToArray();

    /// <summary>This scope's local variables.</summary>
    public Variable[] local_variables() => get_collection(CollectionKeys.LOCAL_VARIABLES).OfType<Variable>().ToArray();

    internal VariableScope Copy(Reuse reuse, string name, string name_scope) => new(reuse, name, _initializer, _regularizer, name_scope, _dtype);

    public override string ToString() => $"<tf.VariableScope '{name}'>";
}

/// <summary>
/// What tf.variable_scope returns: the scope is entered when it is made and left when it is disposed (C#
/// <c>using</c>, F# <c>use</c>, Python <c>with</c>, whose <c>as</c> gives the <see cref="VariableScope"/>).
/// </summary>
public sealed class VariableScopeContext : IDisposable
{
    private readonly VariableScopeStore _store;
    private readonly VariableScope _old;
    private readonly GraphScope? _nameScope;
    private readonly Dictionary<string, int>? _oldCounts;
    private readonly string? _closeSubscopes;
    private bool _disposed;

    internal VariableScopeContext(Graph g, object? nameOrScope, string? defaultName, Reuse reuse, object? initializer,
        Func<Variable, Tensor?>? regularizer, TF_DataType dtype, bool auxiliaryNameScope)
    {
        _store = g.VariableScopes;
        _old = _store.Current;
        // TF's variable_scope: a name scope (unless auxiliary_name_scope=False), then the "pure" variable scope.
        GraphScope? nameScope = null;
        try
        {
            string? enteredNameScope = null;
            if (!auxiliaryNameScope)
                nameScope = g.PushScope(g.CurrentNameScope.Length > 0 ? g.CurrentNameScope + "/" : null);
            VariableScope vs;
            if (nameOrScope is VariableScope shared)
            {
                string last = shared.name.Split('/')[^1];
                if (nameScope is null && last.Length > 0) nameScope = g.PushScope(last);
                // Jumping to a shared scope: a copy with its reuse (or the one asked) and its name scope.
                vs = shared.Copy(reuse is Reuse.True or Reuse.Auto ? reuse : shared.Reuse, shared.name, shared.original_name_scope);
                _store.Open(vs.name);
                _oldCounts = new Dictionary<string, int>(_store.Counts);
            }
            else
            {
                string prefix;
                if (nameOrScope is string s)
                {
                    if (nameScope is null && s.Length > 0) nameScope = g.PushScope(s);
                    enteredNameScope = nameScope?.name;
                    prefix = s;
                }
                else
                {
                    if (reuse == Reuse.True)
                        throw new ValueError("reuse=True cannot be used without a name_or_scope. - help: give the scope's name.");
                    nameScope ??= g.PushScope(defaultName);
                    enteredNameScope = nameScope.name;
                    prefix = _store.UniqueScopeName(defaultName!);
                }
                string newName = _old.name.Length > 0 ? _old.name + "/" + prefix : prefix;
                var r = reuse is Reuse.True or Reuse.Auto ? reuse : _old.Reuse; // reuse is inherited by sub-scopes
                vs = _old.Copy(r, newName, enteredNameScope ?? prefix);
                _store.Open(newName);
                _closeSubscopes = newName;
            }
            if (initializer is not null) vs.set_initializer(initializer);
            if (regularizer is not null) vs.set_regularizer(regularizer);
            if (dtype != TF_DataType.DtInvalid) vs.set_dtype(dtype);
            _store.Current = vs;
            scope = vs;
            _nameScope = nameScope;
        }
        catch
        {
            nameScope?.Dispose();
            throw;
        }
    }

    /// <summary>The scope entered.</summary>
    public VariableScope scope { get; }

    /// <summary>The scope's name ("layer1").</summary>
    public string name => scope.name;

    /// <summary>The scope's first name scope ("layer1/").</summary>
    public string original_name_scope => scope.original_name_scope;

    /// <summary>The scope's reuse: true, false or tf.AUTO_REUSE.</summary>
    public object reuse => scope.reuse;

    /// <summary>From now on tf.get_variable in this scope returns existing variables.</summary>
    public void reuse_variables() => scope.reuse_variables();

    /// <summary>Leaves the scope (and its name scope).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (_store.Current != scope) throw new RuntimeError("Improper nesting of variable_scope.");
            if (_oldCounts is not null) _store.Counts = _oldCounts;
            else if (_closeSubscopes is not null) _store.CloseSubscopes(_closeSubscopes);
            _store.Current = _old;
        }
        finally
        {
            _nameScope?.Dispose();
        }
    }

    /// <summary>Python's <c>with</c>: gives the scope.</summary>
    public VariableScope __enter__() => scope;

    /// <summary>Python's <c>with</c>: leaves the scope; an exception propagates.</summary>
    public bool __exit__(object? type, object? value, object? traceback)
    {
        Dispose();
        return false;
    }

    public override string ToString() => scope.ToString();
}

/// <summary>TF's _VariableScopeStore (the current scope, how often each scope name was opened) and _VariableStore (the variables by full name).</summary>
internal sealed class VariableScopeStore
{
    public VariableScope Current { get; set; } = new(Reuse.False);

    public Dictionary<string, int> Counts { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, Variable> Vars { get; } = new(StringComparer.Ordinal);

    public void Open(string name) => Counts[name] = Counts.GetValueOrDefault(name) + 1;

    public void CloseSubscopes(string name)
    {
        foreach (var k in Counts.Keys.ToArray())
            if (k.StartsWith(name + "/", StringComparison.Ordinal)) Counts[k] = 0;
    }

    // TF's _get_unique_variable_scope: "prefix", else "prefix_1", "prefix_2" ... unused in the current scope.
    public string UniqueScopeName(string prefix)
    {
        string name = Current.name.Length > 0 ? Current.name + "/" + prefix : prefix;
        if (Counts.GetValueOrDefault(name) == 0) return prefix;
        int i = 1;
        while (Counts.GetValueOrDefault($"{name}_{i}") > 0) i++;
        return $"{prefix}_{i}";
    }

    // TF 1.x's _VariableStore._get_single_variable.
    public Variable GetVariable(string name, Shape? shape, TF_DataType dtype, object? initializer, Func<Variable, Tensor?>? regularizer,
        Reuse reuse, bool trainable, IEnumerable<string>? collections, bool validate_shape)
    {
        bool fromValue = initializer is not null && !tensorflow.IsCallableInitializer(initializer);
        if (shape is not null && fromValue)
            throw new ValueError($"If initializer is a constant, do not specify shape. - help: tf.get_variable(\"{name}\"): leave shape out (the value gives it).");
        if (Vars.TryGetValue(name, out var found))
        {
            if (reuse == Reuse.False)
                throw new ValueError($"Variable {name} already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope? - help: open the scope with reuse=True (or call scope.reuse_variables()) to share it, or give another name.");
            if (shape is not null && !shape.is_compatible_with(found.shape))
                throw new ValueError($"Trying to share variable {name}, but specified shape {shape} and found shape {found.shape}. - help: ask for the shape it was made with.");
            if (dtype != found.dtype)
                throw new ValueError($"Trying to share variable {name}, but specified dtype {dtype.as_numpy_name()} and found dtype {found.dtype.as_numpy_name()}. - help: ask for the dtype it was made with.");
            return found;
        }
        if (reuse == Reuse.True)
            throw new ValueError($"Variable {name} does not exist, or was not created with tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in VarScope? - help: create it first (in a scope without reuse=True).");
        if (!fromValue && (shape is null || !shape.IsFullyDefined))
            throw new ValueError($"Shape of a new variable ({name}) must be fully defined, but instead was {shape?.ToString() ?? "<unknown>"}. - help: give every dimension, e.g. tf.get_variable(\"{name.Split('/')[^1]}\", new[] {{ 3, 4 }}).");
        if (initializer is null)
        {
            if (dtype is TF_DataType.TF_FLOAT or TF_DataType.TF_DOUBLE) initializer = new VarianceScaling(1.0, "fan_avg", "uniform", null, dtype); // TF 1.x: glorot_uniform_initializer()
            else if (dtype is TF_DataType.TF_INT32 or TF_DataType.TF_INT64 or TF_DataType.TF_INT16 or TF_DataType.TF_INT8 or TF_DataType.TF_UINT8 or TF_DataType.TF_BOOL)
                initializer = new Zeros(dtype);
            else throw new ValueError($"An initializer for variable {name} of {dtype.as_numpy_name()} is required. - help: pass initializer=.");
        }
        object initVal;
        TF_DataType variableDType;
        if (fromValue)
        {
            initVal = initializer!;
            variableDType = TF_DataType.DtInvalid;
        }
        else
        {
            var init = initializer!;
            var s = shape!;
            initVal = new Func<object>(() => init switch
            {
                Initializer i => i.__call__(s, dtype),
                Func<Shape, TF_DataType, object> f => f(s, dtype),
                _ => throw new InvalidOperationException("not an initializer"),
            });
            variableDType = dtype;
        }
        var v = tensorflow.MakeVariable(initVal, trainable, collections, validate_shape, name, variableDType, "tf.get_variable");
        Vars[name] = v;
        if (regularizer is not null)
        {
            var g = v.graph;
            Tensor? loss;
            using (g.PushScope(name + "/Regularizer/")) loss = regularizer(v);
            if (loss is not null) g.AddToCollection(CollectionKeys.REGULARIZATION_LOSSES, loss);
        }
        return v;
    }
}
