using System.Reflection;

namespace Bridge;

/// <summary>Marks a static class whose <see cref="OpDef"/> fields are one family of ops in the op reference.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class OpFamilyAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>The op vocabulary: every <see cref="OpDef"/> of the families (the classes marked <see cref="OpFamilyAttribute"/>).</summary>
internal static class Ops
{
    private static readonly Lazy<OpDef[]> _all = new(Find);

    /// <summary>Every op, family by family, in declaration order.</summary>
    public static IReadOnlyList<OpDef> All => _all.Value;

    private static OpDef[] Find()
    {
        var defs = new List<OpDef>();
        foreach (var family in typeof(Ops).Assembly.GetTypes()
                     .Select(t => (type: t, attr: t.GetCustomAttribute<OpFamilyAttribute>()))
                     .Where(f => f.attr is not null)
                     .OrderBy(f => f.type.Name, StringComparer.Ordinal))
            foreach (var field in family.type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                         .Where(f => f.FieldType == typeof(OpDef)).OrderBy(f => f.MetadataToken))
            {
                var def = (OpDef)field.GetValue(null)!;
                def.Family = family.attr!.Name;
                defs.Add(def);
            }
        return defs.ToArray();
    }

    // Shape inference shared by many ops.

    /// <summary>One output like input 0 (element-wise unary ops, identity).</summary>
    public static (Shape, TF_DataType)[] SameAsInput(OpContext c) => [(c.Shapes[0], c.DTypes[0])];

    /// <summary>One output shaped like input 1 with input 0's dtype (gradient helpers: "this gradient, shaped like that").</summary>
    public static (Shape, TF_DataType)[] ShapedLikeSecond(OpContext c) => [(c.Shapes[1], c.DTypes[0])];

    /// <summary>numpy broadcasting of inputs 0 and 1, with input 0's dtype.</summary>
    public static (Shape, TF_DataType)[] Broadcasting(OpContext c) => [(OpHelpers.Broadcast(c.Fn, c.Shapes[0], c.Shapes[1]), c.DTypes[0])];

    /// <summary>No outputs (NoOp).</summary>
    public static (Shape, TF_DataType)[] Nothing(OpContext c) => [];
}
