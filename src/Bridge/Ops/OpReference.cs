using System.Reflection;
using System.Text;

namespace Bridge;

/// <summary>
/// The op reference, generated from the op definitions and the public facade: every <c>tf.*</c> function with its
/// signature (from reflection: the C# parameter names are TF's keyword names), the ops it builds, their dtypes,
/// gradients and differences from TF 1.x. <c>bridge ops</c> prints it; docs/ops.md is its Markdown form, which a
/// test keeps in step with the code.
/// </summary>
internal static class OpReference
{
    /// <summary>The facade objects whose public methods are TF's functions, with their Python prefixes.</summary>
    internal static readonly (string Prefix, Type Type)[] Facades =
    [
        ("tf.", typeof(tensorflow)),
        ("tf.nn.", typeof(nn_api)),
        ("tf.train.", typeof(train_api)),
        ("tf.summary.", typeof(summary_api)),
        ("tf.math.", typeof(math_api)),
        ("tf.linalg.", typeof(linalg_api)),
    ];

    /// <summary>One public function: its Python name, its signature, and the ops that name it.</summary>
    internal sealed record Function(string Name, string Signature, OpDef[] Ops);

    /// <summary>Every public facade function, by name (overloads share a row: the first, most general signature).</summary>
    public static IReadOnlyList<Function> Functions()
    {
        var result = new List<Function>();
        foreach (var (prefix, type) in Facades)
            foreach (var group in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                         .Where(m => !m.IsSpecialName)
                         .GroupBy(m => m.Name)
                         .OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var name = prefix + group.Key;
                var method = group.OrderByDescending(m => m.GetParameters().Count(p => p.ParameterType == typeof(Shape) || p.ParameterType == typeof(object)))
                    .ThenByDescending(m => m.GetParameters().Length).First();
                var ops = Bridge.Ops.All.Where(d => d.Functions.Contains(name)).ToArray();
                result.Add(new Function(name, name + "(" + string.Join(", ", method.GetParameters().Select(Parameter)) + ")", ops));
            }
        return result;
    }

    /// <summary>The plain-text listing <c>bridge ops</c> prints: one function per line first, then its facts.</summary>
    public static string Text()
    {
        var sb = new StringBuilder();
        foreach (var f in Functions())
        {
            sb.Append(f.Signature).Append('\n');
            if (f.Ops.Length == 0) { sb.Append("    (builds no op of its own)\n"); continue; }
            foreach (var d in f.Ops)
            {
                sb.Append($"    {d.Type} [{d.Family}]: {d.DTypes}; {Gradient(d)}");
                if (d.Differences is { } diff) sb.Append("; differs from TF 1.x: ").Append(diff);
                sb.Append('\n');
            }
        }
        return sb.ToString();
    }

    /// <summary>docs/ops.md.</summary>
    public static string Markdown()
    {
        var sb = new StringBuilder();
        sb.Append("# Bridge's ops\n\n");
        sb.Append("Generated from the op definitions (`src/Bridge/Ops`, `src/Bridge/Train`) by `bridge ops --markdown > docs/ops.md`;\n");
        sb.Append("a test fails when this file and the code disagree. Every function is also in Python (`from bridge import tf`)\n");
        sb.Append("under the same name, with TF 1.x's keyword arguments.\n\n");
        sb.Append("## Functions\n\n| Function | Ops it builds |\n|---|---|\n");
        foreach (var f in Functions())
            sb.Append($"| `{f.Signature}` | {(f.Ops.Length == 0 ? "none" : string.Join(", ", f.Ops.Select(d => $"[{d.Type}](#{d.Type.ToLowerInvariant()})")))} |\n");
        foreach (var family in Bridge.Ops.All.GroupBy(d => d.Family))
        {
            sb.Append($"\n## Family `{family.Key}`\n");
            foreach (var d in family)
            {
                sb.Append($"\n### {d.Type}\n\n");
                if (d.Functions.Length > 0) sb.Append("- Built by: ").Append(string.Join(", ", d.Functions.Select(f => $"`{f}`"))).Append('\n');
                else sb.Append("- Built by: the gradient rules and other ops only\n");
                sb.Append($"- Inputs: {(d.Inputs.Length == 0 ? "none" : string.Join(", ", d.Inputs))}\n");
                if (d.Attribute is { } attr)
                    sb.Append($"- Attribute: `{attr.Name}` ({string.Join(", ", attr.GetProperties().Where(p => p.DeclaringType == attr && p.Name != "EqualityContract").Select(p => p.Name))})\n");
                sb.Append($"- Dtypes: {d.DTypes}\n");
                sb.Append($"- Gradient: {Gradient(d)}\n");
                sb.Append($"- TF 1.x op ids: {d.TfOpIds}{(d.TfOpIdsReason is { } r ? $" ({r})" : "")}\n");
                sb.Append($"- Runs on: {Runs(d)}\n");
                if (d.Differences is { } diff) sb.Append($"- Differs from TF 1.x: {diff}\n");
            }
        }
        return sb.ToString();
    }

    private static string Gradient(OpDef d) =>
        d.Gradient is not null ? "differentiable" : d.NotDifferentiable ? "not differentiable (as in TF 1.x)" : $"no gradient yet: {d.NoGradientYet}";

    private static string Runs(OpDef d) => d.Role switch
    {
        OpRole.Kernel => d.ManagedHandles is null ? "its managed kernel, or libtorch's where it pays" : "its managed kernel where it handles the ranks, else libtorch's",
        OpRole.Const => "the session (cached)",
        OpRole.Placeholder => "the feed",
        OpRole.Random => "the session's Philox stream for the op",
        OpRole.Variable => "the session's variable storage",
        OpRole.Resource => "the session's input pipeline (queues, readers)",
        _ => "the session (no value)",
    };

    private static string Parameter(ParameterInfo p)
    {
        var name = p.Name!.TrimStart('@');
        if (p.IsDefined(typeof(ParamArrayAttribute))) return "*" + name;
        if (!p.HasDefaultValue) return name;
        return name + "=" + p.DefaultValue switch
        {
            null => "None",
            true => "True",
            false => "False",
            TF_DataType dt => dt == TF_DataType.DtInvalid ? "None" : "tf." + dt.as_numpy_name(),
            string s => "'" + s + "'",
            float f => PyFormat.Repr((double)f),
            double v => PyFormat.Repr(v),
            var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
