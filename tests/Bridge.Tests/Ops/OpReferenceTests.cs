namespace Bridge.Tests.Ops;

/// <summary>The op reference (bridge ops, docs/ops.md) is generated from the definitions and kept in step with them.</summary>
public class OpReferenceTests
{
    [Test]
    public void DocsOpsMdIsTheGeneratedReference()
    {
        var path = Path.Combine(SharedData.RepoRoot, "docs", "ops.md");
        Assert.That(File.Exists(path), Is.True, "docs/ops.md is missing. - help: dotnet run --project src/Bridge.Cli -- ops --markdown > docs/ops.md");
        Assert.That(File.ReadAllText(path), Is.EqualTo(OpReference.Markdown()),
            "docs/ops.md differs from the op definitions. - help: dotnet run --project src/Bridge.Cli -- ops --markdown > docs/ops.md");
    }

    [Test]
    public void EveryOpHasASectionAndEveryNamedFunctionExists()
    {
        var markdown = OpReference.Markdown();
        var functions = OpReference.Functions().Select(f => f.Name).ToHashSet();
        foreach (var def in Bridge.Ops.All)
        {
            Assert.That(markdown, Does.Contain($"\n### {def.Type}\n"), def.Type);
            foreach (var f in def.Functions.Where(f => f.StartsWith("tf.", StringComparison.Ordinal)))
                Assert.That(functions, Does.Contain(f), $"{def.Type} names {f}, which the facade does not have");
        }
    }

    [Test]
    public void SignaturesUsePythonDefaults()
    {
        var fs = OpReference.Functions().ToDictionary(f => f.Name);
        Assert.That(fs["tf.reduce_mean"].Signature, Is.EqualTo("tf.reduce_mean(input_tensor, axis=None, keepdims=False, name=None)"));
        Assert.That(fs["tf.matmul"].Signature, Is.EqualTo("tf.matmul(a, b, transpose_a=False, transpose_b=False, name=None)"));
        Assert.That(fs["tf.matmul"].Ops.Select(d => d.Type), Is.EqualTo(new[] { "MatMul" }));
        Assert.That(OpReference.Text(), Does.Contain("\ntf.Graph()\n"), "functions without ops are listed too");
    }
}
