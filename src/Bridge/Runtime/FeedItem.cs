namespace Bridge;

/// <summary>One feed of <c>Session.run</c>: a placeholder (or any tensor) and the value to use for it.</summary>
public sealed class FeedItem
{
    public FeedItem(object key, object? value)
    {
        Key = key;
        Value = value;
    }

    public object Key { get; }
    public object? Value { get; }

    /// <summary>Lets callers write <c>sess.run(cost, (X, x_data), (Y, y_data))</c>.</summary>
    public static implicit operator FeedItem((object key, object? value) feed) => new(feed.key, feed.value);
    public static implicit operator FeedItem((Tensor key, NDArray value) feed) => new(feed.key, feed.value);

    public void Deconstruct(out object key, out object? value)
    {
        key = Key;
        value = Value;
    }
}
