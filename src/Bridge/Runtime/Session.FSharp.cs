namespace Bridge;

// Session.run as F# calls it. F# tuples are System.Tuple (C#'s tuple overloads take ValueTuple) and F# converts
// neither (X, x_data) to a FeedItem nor (Tensor, Variable) to (ITensorOrOperation, ITensorOrOperation). So these
// take System.Tuple fetches with generic element types, and feeds as a sequence of (placeholder, value) tuples:
//   let cost_val, W_val, _ = sess.run((cost, W, optimizer), feed_dict = [X, x_data; Y, y_data])
// C# never binds to them (its tuple literals are ValueTuples and its feeds FeedItems), so its overloads stay unambiguous.
public partial class Session
{
    /// <summary>Evaluates one tensor with feeds as (placeholder, value) pairs, e.g. an F# list <c>[X, x_data]</c>.</summary>
    public NDArray run<TValue>(Tensor fetch, IEnumerable<Tuple<Tensor, TValue>> feed_dict) => run(fetch, ToFeedItems(feed_dict));

    /// <summary>Runs one operation with feeds as (placeholder, value) pairs.</summary>
    public void run<TValue>(Operation op, IEnumerable<Tuple<Tensor, TValue>> feed_dict) => run(op, ToFeedItems(feed_dict));

    /// <summary>Runs a list of fetches with feeds as (placeholder, value) pairs.</summary>
    public NDArray?[] run<TValue>(System.Collections.IEnumerable fetches, IEnumerable<Tuple<Tensor, TValue>> feed_dict) =>
        run(fetches, ToFeedItems(feed_dict));

    /// <summary>Runs two fetches given as an F# tuple; returns an F# tuple (<c>let a, b = sess.run((x, y))</c>).</summary>
    public Tuple<NDArray?, NDArray?> run<T1, T2>(Tuple<T1, T2> fetches, params FeedItem[] feed_dict)
        where T1 : ITensorOrOperation where T2 : ITensorOrOperation
    {
        var r = RunMany([fetches.Item1, fetches.Item2], feed_dict);
        return Tuple.Create(r[0], r[1]);
    }

    /// <summary>Runs two fetches given as an F# tuple, with feeds as (placeholder, value) pairs.</summary>
    public Tuple<NDArray?, NDArray?> run<T1, T2, TValue>(Tuple<T1, T2> fetches, IEnumerable<Tuple<Tensor, TValue>> feed_dict)
        where T1 : ITensorOrOperation where T2 : ITensorOrOperation => run(fetches, ToFeedItems(feed_dict));

    /// <summary>Runs three fetches given as an F# tuple; returns an F# tuple.</summary>
    public Tuple<NDArray?, NDArray?, NDArray?> run<T1, T2, T3>(Tuple<T1, T2, T3> fetches, params FeedItem[] feed_dict)
        where T1 : ITensorOrOperation where T2 : ITensorOrOperation where T3 : ITensorOrOperation
    {
        var r = RunMany([fetches.Item1, fetches.Item2, fetches.Item3], feed_dict);
        return Tuple.Create(r[0], r[1], r[2]);
    }

    /// <summary>Runs three fetches given as an F# tuple, with feeds as (placeholder, value) pairs.</summary>
    public Tuple<NDArray?, NDArray?, NDArray?> run<T1, T2, T3, TValue>(Tuple<T1, T2, T3> fetches, IEnumerable<Tuple<Tensor, TValue>> feed_dict)
        where T1 : ITensorOrOperation where T2 : ITensorOrOperation where T3 : ITensorOrOperation => run(fetches, ToFeedItems(feed_dict));

    private static FeedItem[] ToFeedItems<TValue>(IEnumerable<Tuple<Tensor, TValue>> feed_dict) =>
        feed_dict.Select(f => new FeedItem(f.Item1, f.Item2)).ToArray();
}
