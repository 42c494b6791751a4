using System.Reflection;

namespace Bridge;

// TF 1.x's tf.contrib.framework.arg_scope (contrib/framework/python/ops/arg_scope.py): a stack of default keyword
// arguments per function, which the functions TF decorates with @add_arg_scope read. In C# a function opts in with
// [AddArgScope("tf.contrib.layers.name")] and reads its arguments through ArgScope.For(key): a parameter left at its
// C# default (null) takes the innermost arg_scope's value, else TF's default; an argument given explicitly wins.
public sealed partial class contrib_api
{
    /// <summary>tf.contrib.framework: arg_scope.</summary>
    public contrib_framework_api framework { get; } = new();
}

/// <summary>tf.contrib.framework (only arg_scope and its helpers).</summary>
public sealed class contrib_framework_api
{
    internal contrib_framework_api() { }

    /// <summary>
    /// TF 1.x's tf.contrib.framework.arg_scope(list_ops_or_scope, **kwargs): inside the using block, the functions
    /// listed (C# delegates of methods marked [AddArgScope], e.g. <c>(Func&lt;...&gt;)tf.contrib.layers.fully_connected</c>,
    /// or their TF names: "fully_connected" or "tf.contrib.layers.fully_connected") take <paramref name="kwargs"/>
    /// (TF's keyword names) as the defaults of the arguments they are not given. Nested scopes add to (and override)
    /// the enclosing scope's values per function; arguments given in the call win. <paramref name="list_ops_or_scope"/>
    /// may instead be a scope a previous arg_scope gave (its <c>scope</c>): it is entered again, and then
    /// <paramref name="kwargs"/> must be empty. Errors as TF's: a function not decorated (ValueError "... is not
    /// decorated with @add_arg_scope"), something other than a list (TypeError). An argument name the function lacks
    /// is a TypeError when the function is called, as in TF. To give an argument explicitly as TF's None inside a scope
    /// that sets it, pass <see cref="ArgScope.None"/> (or ArgScope.NoActivation, NoNormalizer, NoRegularizer for
    /// delegates). Python keeps its own stack (with <c>with arg_scope([fully_connected], activation_fn=None):</c>).
    /// </summary>
    public ArgScopeContext arg_scope(object list_ops_or_scope, IDictionary<string, object?>? kwargs = null)
    {
        if (list_ops_or_scope is ArgScopeContext c) list_ops_or_scope = c.scope;
        if (list_ops_or_scope is ArgScopeDict d)
        {
            if (kwargs is { Count: > 0 })
                throw new ValueError("When attempting to re-use a scope by suppling a dictionary, kwargs must be empty. - help: tf.contrib.framework.arg_scope(scope) alone, or a list of functions with the arguments.");
            return new ArgScopeContext(d.Copy());
        }
        if (list_ops_or_scope is string or not System.Collections.IEnumerable)
            throw new TypeError("list_ops_or_scope must either be a list/tuple or reused scope (i.e. dict) - help: pass a list of functions, e.g. new object[] { \"fully_connected\" }.");
        var current = ArgScope.Stack.Peek().Copy();
        foreach (var op in (System.Collections.IEnumerable)list_ops_or_scope)
        {
            string key = ArgScope.KeyOf(op) ?? throw new ValueError($"{ArgScope.Describe(op)} is not decorated with @add_arg_scope - help: arg_scope takes the functions marked [AddArgScope]: {string.Join(", ", ArgScope.Registered.Keys)}.");
            var values = current.Values.TryGetValue(key, out var old) ? new Dictionary<string, object?>(old, StringComparer.Ordinal) : new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var kv in kwargs ?? new Dictionary<string, object?>()) values[kv.Key] = kv.Value;
            current.Values[key] = values;
        }
        return new ArgScopeContext(current);
    }

    /// <summary>TF 1.x's has_arg_scope(func): whether the function is decorated with @add_arg_scope (marked [AddArgScope]).</summary>
    public bool has_arg_scope(object func) => ArgScope.KeyOf(func) is not null;

    /// <summary>TF 1.x's arg_scoped_arguments(func): the keyword arguments an arg_scope can set for the function (its parameters with defaults).</summary>
    public string[] arg_scoped_arguments(object func)
    {
        string key = ArgScope.KeyOf(func) ?? throw new ValueError($"{ArgScope.Describe(func)} is not decorated with @add_arg_scope - help: pass a function marked [AddArgScope].");
        return ArgScope.Registered[key].GetParameters().Where(p => p.HasDefaultValue).Select(p => p.Name!).ToArray();
    }

    /// <summary>TF's current_arg_scope(): the innermost arg_scope's values, per function.</summary>
    public ArgScopeDict current_arg_scope() => ArgScope.Stack.Peek();
}

/// <summary>Marks a Bridge method as TF's <c>@add_arg_scope</c>: arg_scope may set its arguments (read through <see cref="ArgScope.For"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AddArgScopeAttribute(string key) : Attribute
{
    /// <summary>TF's qualified name of the function ("tf.contrib.layers.fully_connected"): the arg_scope key.</summary>
    public string key { get; } = key;
}

/// <summary>One arg_scope's values: for each function key, the keyword arguments it sets.</summary>
public sealed class ArgScopeDict
{
    internal Dictionary<string, Dictionary<string, object?>> Values { get; } = new(StringComparer.Ordinal);

    internal ArgScopeDict Copy()
    {
        var d = new ArgScopeDict();
        foreach (var kv in Values) d.Values[kv.Key] = new Dictionary<string, object?>(kv.Value, StringComparer.Ordinal);
        return d;
    }

    /// <summary>The functions (keys) this scope sets arguments for.</summary>
    public string[] keys() => Values.Keys.ToArray();

    /// <summary>The arguments this scope sets for the function <paramref name="key"/> (empty when none).</summary>
    public IReadOnlyDictionary<string, object?> this[string key] =>
        Values.TryGetValue(ArgScope.KeyOf(key) ?? key, out var v) ? v : new Dictionary<string, object?>();

    public override string ToString() =>
        "{" + string.Join(", ", Values.Select(kv => $"'{kv.Key}': {{{string.Join(", ", kv.Value.Keys.Select(k => $"'{k}'"))}}}")) + "}";
}

/// <summary>
/// What tf.contrib.framework.arg_scope returns: the scope is entered when made and left when disposed (C#
/// <c>using</c>); <see cref="scope"/> (Python's <c>with ... as sc</c>) can be entered again later.
/// </summary>
public sealed class ArgScopeContext : IDisposable
{
    private bool _disposed;

    internal ArgScopeContext(ArgScopeDict scope)
    {
        this.scope = scope;
        ArgScope.Stack.Push(scope);
    }

    /// <summary>The scope's values (TF yields this dict).</summary>
    public ArgScopeDict scope { get; }

    /// <summary>Leaves the scope.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (ArgScope.Stack.Count > 1 && ReferenceEquals(ArgScope.Stack.Peek(), scope)) ArgScope.Stack.Pop();
        else throw new RuntimeError("tf.contrib.framework.arg_scope: scopes were left out of order. - help: nest the using blocks.");
    }

    /// <summary>Python's <c>with</c>: gives the scope.</summary>
    public ArgScopeDict __enter__() => scope;

    /// <summary>Python's <c>with</c>: leaves the scope.</summary>
    public bool __exit__(object? type, object? value, object? traceback)
    {
        Dispose();
        return false;
    }
}

/// <summary>
/// The arg_scope stack (one per thread, TF's module-level _ARGSTACK) and what the functions marked [AddArgScope]
/// use to read their arguments: <c>var a = ArgScope.For("tf.contrib.layers.batch_norm"); decay = a.Get(nameof(decay), decay, 0.999);</c>.
/// The sentinels give TF's None explicitly where a C# null means "not given".
/// </summary>
public static class ArgScope
{
    private sealed class NoneValue
    {
        public override string ToString() => "None";
    }

    /// <summary>TF's None given explicitly (an initializer, a collection ...): wins over an arg_scope's value and over TF's default.</summary>
    public static readonly object None = new NoneValue();

    /// <summary>activation_fn=None given explicitly: no activation (a linear layer), whatever the arg_scope says.</summary>
    public static readonly Func<Tensor, Tensor> NoActivation = t => t;

    /// <summary>normalizer_fn=None given explicitly: no normalizer, whatever the arg_scope says.</summary>
    public static readonly Func<Tensor, IReadOnlyDictionary<string, object?>?, Tensor> NoNormalizer = (t, _) => t;

    /// <summary>A regularizer of None given explicitly: no regularizer, whatever the arg_scope or the variable scope says.</summary>
    public static readonly Func<Variable, Tensor?> NoRegularizer = _ => null;

    [ThreadStatic] private static Stack<ArgScopeDict>? _stack;

    internal static Stack<ArgScopeDict> Stack
    {
        get
        {
            if (_stack is null)
            {
                _stack = new Stack<ArgScopeDict>();
                _stack.Push(new ArgScopeDict());
            }
            return _stack;
        }
    }

    /// <summary>A tf function such as tf.nn.relu (input, name) as an activation of one argument.</summary>
    internal static Func<Tensor, Tensor> Activation(Func<object, string?, Tensor> f) => t => f(t, null);

    internal static bool IsNone(object? v) => ReferenceEquals(v, None) || ReferenceEquals(v, NoActivation) || ReferenceEquals(v, NoNormalizer) || ReferenceEquals(v, NoRegularizer);

    private static Dictionary<string, MethodInfo>? _registered;

    /// <summary>The methods marked [AddArgScope], by key.</summary>
    internal static Dictionary<string, MethodInfo> Registered => _registered ??= typeof(ArgScope).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
        .Select(m => (m, a: m.GetCustomAttribute<AddArgScopeAttribute>()))
        .Where(x => x.a is not null)
        .GroupBy(x => x.a!.key)
        .ToDictionary(g => g.Key, g => g.First().m, StringComparer.Ordinal);

    /// <summary>The arg_scope key of a function: a delegate of a marked method, its key, or its short name ("fully_connected"); null if not decorated.</summary>
    internal static string? KeyOf(object? op)
    {
        switch (op)
        {
            case string s:
                if (Registered.ContainsKey(s)) return s;
                var matches = Registered.Keys.Where(k => k.EndsWith("." + s, StringComparison.Ordinal)).ToArray();
                return matches.Length == 1 ? matches[0] : null;
            case Delegate d:
                return d.Method.GetCustomAttribute<AddArgScopeAttribute>()?.key;
            case MethodInfo m:
                return m.GetCustomAttribute<AddArgScopeAttribute>()?.key;
            default:
                return null;
        }
    }

    internal static string Describe(object? op) => op switch
    {
        null => "None",
        string s => $"'{s}'",
        Delegate d => $"({d.Method.DeclaringType?.Name}, {d.Method.Name})",
        _ => op.ToString() ?? op.GetType().Name,
    };

    /// <summary>The innermost arg_scope's arguments for the function <paramref name="key"/> (TF's current_scope[key_func]).</summary>
    public static ArgScopeValues For(string key)
    {
        var s = Stack.Peek();
        return new ArgScopeValues(key, s.Values.TryGetValue(key, out var v) ? v : null);
    }
}

/// <summary>One function's arguments from the innermost arg_scope; <see cref="Get{T}(string, T, T)"/> resolves an argument as TF's add_arg_scope does.</summary>
public readonly struct ArgScopeValues
{
    private readonly string _key;
    private readonly Dictionary<string, object?>? _values;

    internal ArgScopeValues(string key, Dictionary<string, object?>? values)
    {
        _key = key;
        _values = values;
    }

    /// <summary>The names the scope sets for this function.</summary>
    public IEnumerable<string> names => _values?.Keys ?? Enumerable.Empty<string>();

    /// <summary>
    /// Checks that every name the scope sets is one of the function's <paramref name="parameters"/> (TF raises
    /// "got an unexpected keyword argument" when the function is called).
    /// </summary>
    public void Check(string fn, params string[] parameters)
    {
        foreach (var n in names)
            if (Array.IndexOf(parameters, n) < 0)
                throw new TypeError($"{fn}() got an unexpected keyword argument '{n}' (set by tf.contrib.framework.arg_scope). - help: the arg_scope's arguments must be {fn}'s: {string.Join(", ", parameters)}.");
    }

    /// <summary>
    /// An argument of reference type: the one given (<see cref="ArgScope.None"/> and the other sentinels: TF's None,
    /// which gives null), else the scope's (None: null), else <paramref name="tfDefault"/>.
    /// </summary>
    public T? Get<T>(string name, T? given, T? tfDefault) where T : class
    {
        if (given is not null) return ArgScope.IsNone(given) ? null : given;
        if (_values is not null && _values.TryGetValue(name, out var v))
        {
            if (v is null || ArgScope.IsNone(v)) return null;
            if (v is T t) return t;
            if (v is Func<object, string?, Tensor> f && typeof(T) == typeof(Func<Tensor, Tensor>)) return (T)(object)ArgScope.Activation(f);
            throw new TypeError($"{_key}: the arg_scope's {name}={v} ({v.GetType().Name}) is not a {typeof(T).Name}. - help: give {name} a value of that type in the arg_scope.");
        }
        return tfDefault;
    }

    /// <summary>An argument of value type: the one given, else the scope's, else <paramref name="tfDefault"/>.</summary>
    public T Get<T>(string name, T? given, T tfDefault) where T : struct
    {
        if (given is not null) return given.Value;
        if (_values is not null && _values.TryGetValue(name, out var v) && v is not null && !ArgScope.IsNone(v))
        {
            if (v is T t) return t;
            try
            {
                if (v is IConvertible && (typeof(T).IsPrimitive)) return (T)Convert.ChangeType(v, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException) { }
            throw new TypeError($"{_key}: the arg_scope's {name}={v} ({v.GetType().Name}) is not a {typeof(T).Name}. - help: give {name} a value of that type in the arg_scope.");
        }
        return tfDefault;
    }

    /// <summary>Whether the argument was given as TF's None explicitly (a sentinel), or set to None by the scope.</summary>
    public bool IsNone(string name, object? given) =>
        given is not null ? ArgScope.IsNone(given) : _values is not null && _values.TryGetValue(name, out var v) && (v is null || ArgScope.IsNone(v));
}
