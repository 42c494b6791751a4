using System.Collections;
using System.Runtime.CompilerServices;

namespace Bridge;

/// <summary>
/// Nested fetches, as TF 1.x's <c>Session.run</c> takes them: any nesting of lists, arrays, tuples (such as the
/// <c>(grad, var)</c> pairs of <c>compute_gradients</c>) and dictionaries, whose leaves are tensors, variables and
/// operations. The result has the same structure: a value (NDArray) for each tensor or variable, null for each
/// operation, a list for each list or array, a tuple of objects for each tuple, a dictionary with the same keys for
/// each dictionary. Every leaf is computed in one run, as TF does.
/// </summary>
public partial class Session
{
    /// <summary>Runs two nested fetches (e.g. <c>sess.run((gvs, train))</c>); see the class remarks for the structure.</summary>
    public (object?, object?) run((object, object) fetches, params FeedItem[] feed_dict)
    {
        var r = RunNested([fetches.Item1, fetches.Item2], feed_dict);
        return (r[0], r[1]);
    }

    /// <summary>Runs three nested fetches (lab 03-X: <c>sess.run((gradient, gvs, apply_gradients))</c>).</summary>
    public (object?, object?, object?) run((object, object, object) fetches, params FeedItem[] feed_dict)
    {
        var r = RunNested([fetches.Item1, fetches.Item2, fetches.Item3], feed_dict);
        return (r[0], r[1], r[2]);
    }

    /// <summary>Runs four nested fetches.</summary>
    public (object?, object?, object?, object?) run((object, object, object, object) fetches, params FeedItem[] feed_dict)
    {
        var r = RunNested([fetches.Item1, fetches.Item2, fetches.Item3, fetches.Item4], feed_dict);
        return (r[0], r[1], r[2], r[3]);
    }

    /// <summary>Runs one nested structure of fetches and returns it with values in place of tensors.</summary>
    public object? run_nested(object fetches, params FeedItem[] feed_dict) => RunNested([fetches], feed_dict)[0];

    private object?[] RunNested(object[] structures, FeedItem[] feed_dict)
    {
        var leaves = new List<ITensorOrOperation>();
        foreach (var s in structures) CollectLeaves(s, leaves);
        var values = RunMany(leaves.ToArray(), feed_dict);
        int next = 0;
        var result = new object?[structures.Length];
        for (int i = 0; i < structures.Length; i++) result[i] = Rebuild(structures[i], values, ref next);
        return result;
    }

    private static void CollectLeaves(object? fetch, List<ITensorOrOperation> leaves)
    {
        switch (fetch)
        {
            case ITensorOrOperation t: leaves.Add(t); break;
            case ITuple tuple:
                for (int i = 0; i < tuple.Length; i++) CollectLeaves(tuple[i], leaves);
                break;
            case IDictionary dict:
                foreach (DictionaryEntry e in dict) CollectLeaves(e.Value, leaves);
                break;
            case IEnumerable items and not string:
                foreach (var item in items) CollectLeaves(item, leaves);
                break;
            default:
                throw new TypeError($"Session.run: Fetch argument {PyFormat.Repr(fetch)} has invalid type {fetch?.GetType().Name ?? "None"}, must be a Tensor, Variable or Operation (or a list, tuple or dictionary of them), as in TF 1.x. - help: a gradient of None (a variable the loss does not depend on) cannot be fetched: leave its pair out.");
        }
    }

    private static object? Rebuild(object fetch, NDArray?[] values, ref int next)
    {
        switch (fetch)
        {
            case ITensorOrOperation: return values[next++];
            case ITuple tuple:
                var parts = new object?[tuple.Length];
                for (int i = 0; i < tuple.Length; i++) parts[i] = Rebuild(tuple[i]!, values, ref next);
                return MakeTuple(parts);
            case IDictionary dict:
                var map = new Dictionary<object, object?>();
                foreach (DictionaryEntry e in dict) map[e.Key] = Rebuild(e.Value!, values, ref next);
                return map;
            default:
                var list = new List<object?>();
                foreach (var item in (IEnumerable)fetch) list.Add(Rebuild(item!, values, ref next));
                return list;
        }
    }

    // A tuple of the same length (prints as Python's tuple: (37.333336, 4.6266665)).
    private static ITuple MakeTuple(object?[] p) => p.Length switch
    {
        1 => ValueTuple.Create(p[0]),
        2 => (p[0], p[1]),
        3 => (p[0], p[1], p[2]),
        4 => (p[0], p[1], p[2], p[3]),
        5 => (p[0], p[1], p[2], p[3], p[4]),
        6 => (p[0], p[1], p[2], p[3], p[4], p[5]),
        7 => (p[0], p[1], p[2], p[3], p[4], p[5], p[6]),
        _ => throw new TypeError($"Session.run: a tuple of {p.Length} fetches is longer than the 7 this runs as a tuple. - help: fetch a list instead."),
    };
}
