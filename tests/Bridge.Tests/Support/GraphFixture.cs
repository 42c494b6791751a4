namespace Bridge.Tests;

/// <summary>
/// Base for tests that build graphs: each test starts on a fresh default graph with no default session and the
/// modern print style, and closes what it opened. Graph tests share process-wide defaults, so they do not run in parallel.
/// </summary>
[NonParallelizable]
public abstract class GraphFixture
{
    [SetUp]
    public void FreshGraph()
    {
        Binding.tf.reset_default_graph();
        CloseDefaultSessions();
        PrintOptions.Current = new PrintOptions();
    }

    [TearDown]
    public void CleanUp()
    {
        CloseDefaultSessions();
        PrintOptions.Current = new PrintOptions();
    }

    private static void CloseDefaultSessions()
    {
        while (Session.Default is { } s) s.Dispose();
    }

    /// <summary>Captures what print/pprint write during <paramref name="body"/>.</summary>
    protected static string Capture(Action body)
    {
        var previous = Binding.tf_output_redirect;
        var w = new StringWriter();
        Binding.tf_output_redirect = w;
        try { body(); }
        finally { Binding.tf_output_redirect = previous; }
        return w.ToString();
    }
}
