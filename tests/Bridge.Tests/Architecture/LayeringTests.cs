using System.Text;
using System.Text.RegularExpressions;

namespace Bridge.Tests.Architecture;

/// <summary>
/// Only the libtorch backend names TorchSharp: the rest of Bridge works through the engine seam (src/Bridge/Engine),
/// so that TorchSharp stays out of Bridge's API and another backend could replace it.
/// </summary>
public class LayeringTests
{
    /// <summary>
    /// The folders whose code may name TorchSharp, relative to the repository root, with why.
    /// </summary>
    private static readonly string[] AllowedFolders =
    [
        // The libtorch backend itself: its kernels, conversions, and the native fix's run-time half.
        "src/Bridge/Engine/Torch/",
        // bridge bench's hand-written TorchSharp loops: the baselines Bridge is measured against, benchmark code only.
        "src/Bridge.Cli/Bench/Baselines/",
    ];

    [Test]
    public void NothingOutsideTheTorchBackendNamesTorchSharp()
    {
        var findings = TorchSharpScanner.ScanTree(SharedData.RepoRoot, AllowedFolders);
        Assert.That(findings, Is.Empty,
            "TorchSharp is named outside the libtorch backend (" + string.Join(", ", AllowedFolders) + "):\n" +
            string.Join("\n", findings) +
            "\n- help: go through the engine seam (src/Bridge/Engine: IBackend, IKernels) instead, or, for code that " +
            "must call TorchSharp, put it in the backend's folder.");
    }

    [Test]
    public void TheScanSeesTheBackendsOwnUsesWithoutTheAllowList()
    {
        // The scan reads the real tree: without the allow-list it finds the backend's own `using TorchSharp`s.
        var findings = TorchSharpScanner.ScanTree(SharedData.RepoRoot, []);
        Assert.That(findings.Select(f => f.File), Has.Some.StartsWith("src/Bridge/Engine/Torch/TorchKernels"));
        Assert.That(findings.Select(f => f.File), Has.Some.StartsWith("src/Bridge.Cli/Bench/Baselines/"));
        Assert.That(findings, Has.All.Matches<TorchSharpScanner.Finding>(f => f.Line > 0));
    }

    /// <summary>
    /// The namespaces of Bridge's internal layers. Bridge's public surface is the namespace <c>Bridge</c> (and
    /// <c>Bridge.Interop</c>, the Python package's entry points); nothing in these may be public.
    /// </summary>
    private static readonly string[] InternalNamespaces =
    [
        "Bridge.Kernels", "Bridge.Backend", "Bridge.Backend.Torch", "Bridge.Shapes", "Bridge.Runtime", "Bridge.Summary",
        "Bridge.Philox",
    ];

    [Test]
    public void TheInternalLayersNamespacesHoldNoPublicType()
    {
        var types = typeof(Binding).Assembly.GetTypes();
        var layers = types.Where(t => InternalNamespaces.Contains(t.Namespace)).ToList();
        // Each namespace exists (so the check below is not vacuous after a rename).
        Assert.That(InternalNamespaces.Where(ns => !layers.Any(t => t.Namespace == ns)), Is.Empty,
            "namespaces with no types: the list above is out of date");
        // IsVisible: public, and nested only in public types (a public member type of an internal class is not seen).
        var exposed = layers.Where(t => t.IsVisible).Select(t => t.FullName).Order(StringComparer.Ordinal).ToList();
        Assert.That(exposed, Is.Empty,
            "public types in Bridge's internal layers:\n" + string.Join("\n", exposed) +
            "\n- help: make them internal, or, if users are meant to see them, put them in the namespace Bridge.");
    }

    [TestCase("using TorchSharp;", 1)]
    [TestCase("using static TorchSharp.torch;", 1)]
    [TestCase("using T = TorchSharp.torch.Tensor;", 1)]
    [TestCase("var t = global::TorchSharp.torch.ones(3);", 1)]
    [TestCase("namespace A;\nclass C\n{\n    void M() => torch.ones(3);\n}", 4)]
    [TestCase("var s = $\"{x}\";\nvar t = torch .zeros(2);", 2)]
    public void FindsCodeNamingTorchSharp(string source, int line)
    {
        var findings = TorchSharpScanner.Scan(source, fsharp: false);
        Assert.That(findings.Select(f => f.Line), Is.EqualTo(new[] { line }), source);
    }

    [TestCase("open TorchSharp", 1)]
    [TestCase("module M\nopen type TorchSharp.torch", 2)]
    [TestCase("let f () =\n    torch.ones(3L)", 2)]
    public void FindsFSharpCodeNamingTorchSharp(string source, int line)
    {
        var findings = TorchSharpScanner.Scan(source, fsharp: true);
        Assert.That(findings.Select(f => f.Line), Is.EqualTo(new[] { line }), source);
    }

    [TestCase("// computes with TorchSharp\nint x = 1;")]
    [TestCase("/* TorchSharp\n   torch.ones */ int x = 1;")]
    [TestCase("/// <summary>The TorchSharp backend.</summary>")]
    [TestCase("Console.WriteLine(\"raw TorchSharp, torch.ones\");")]
    [TestCase("var s = @\"TorchSharp \"\"quoted\"\" torch.x\";")]
    [TestCase("var u = \"\"\"\n    raw TorchSharp\n    torch.ones\n    \"\"\";")]
    [TestCase("var c = '\"'; var s = \"TorchSharp\";")]
    [TestCase("class TorchSharpNativeFix { }\nvar pytorch = 1; mnist_torch.Run(); a.torch.b();")]
    public void IgnoresProseAndOtherNames(string source)
    {
        Assert.That(TorchSharpScanner.Scan(source, fsharp: false), Is.Empty, source);
    }

    [TestCase("// TorchSharp\nlet x = 1")]
    [TestCase("(* TorchSharp (* nested torch.x *) still a comment *)\nlet x = 1")]
    [TestCase("let s = \"TorchSharp\"\nlet t = \"\"\"torch.ones \"quoted\" \"\"\"")]
    public void IgnoresFSharpProse(string source)
    {
        Assert.That(TorchSharpScanner.Scan(source, fsharp: true), Is.Empty, source);
    }

    [Test]
    public void AGlobalUsingInTheBackendIsReportedToo()
    {
        // A global using in the allowed folder would let every file of the project use TorchSharp unnamed.
        var dir = Directory.CreateTempSubdirectory("bridge-layering-");
        try
        {
            var torch = Directory.CreateDirectory(Path.Combine(dir.FullName, "src", "Bridge", "Engine", "Torch"));
            File.WriteAllText(Path.Combine(torch.FullName, "Ok.cs"), "using TorchSharp;\nclass Ok { }\n");
            File.WriteAllText(Path.Combine(torch.FullName, "Leak.cs"), "// the backend\nglobal using static TorchSharp.torch;\n");
            var ops = Directory.CreateDirectory(Path.Combine(dir.FullName, "src", "Bridge", "Ops"));
            File.WriteAllText(Path.Combine(ops.FullName, "Bad.fs"), "module Bad\n\nopen TorchSharp\n");
            File.WriteAllText(Path.Combine(dir.FullName, "src", "Bridge", "Bridge.csproj"),
                "<Project>\n  <ItemGroup>\n    <Using Include=\"TorchSharp\" />\n  </ItemGroup>\n</Project>\n");

            var findings = TorchSharpScanner.ScanTree(dir.FullName, AllowedFolders);
            Assert.That(findings.Select(f => $"{f.File}:{f.Line}"), Is.EquivalentTo(new[]
            {
                "src/Bridge/Engine/Torch/Leak.cs:2", "src/Bridge/Ops/Bad.fs:3", "src/Bridge/Bridge.csproj:3",
            }));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}

/// <summary>
/// Finds code that names TorchSharp in C# and F# sources: the identifier <c>TorchSharp</c> (a <c>using</c>, <c>open</c>,
/// qualified or <c>global::</c> name) and member access on TorchSharp's static class <c>torch</c> (<c>torch.ones</c>,
/// reachable unnamed through a global using). Comments and string literals are blanked first, so prose about TorchSharp
/// passes; interpolation holes are blanked with their strings (a limit: code there is not checked).
/// </summary>
internal static partial class TorchSharpScanner
{
    public sealed record Finding(string File, int Line, string Text)
    {
        public override string ToString() => $"{File}:{Line}: {Text}";
    }

    [GeneratedRegex(@"\bTorchSharp\b")]
    private static partial Regex NamesTorchSharp();

    [GeneratedRegex(@"(?<![\w.])torch\s*\.")]
    private static partial Regex UsesTorchClass();

    [GeneratedRegex(@"^\s*global\s+using\b")]
    private static partial Regex GlobalUsing();

    [GeneratedRegex(@"<Using\s+Include\s*=\s*""TorchSharp")]
    private static partial Regex ProjectUsing();

    /// <summary>
    /// Every finding under <paramref name="root"/>/src: in .cs and .fs files outside <paramref name="allowed"/>
    /// (repository-relative folders ending in '/'); global usings of TorchSharp anywhere, allowed folders included; and
    /// project-wide usings (<c>&lt;Using Include="TorchSharp"&gt;</c>) in project files. Paths use '/'.
    /// </summary>
    public static List<Finding> ScanTree(string root, IReadOnlyList<string> allowed)
    {
        var findings = new List<Finding>();
        var src = Path.Combine(root, "src");
        foreach (var path in Directory.EnumerateFiles(src, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(root, path).Replace('\\', '/');
            if (rel.Split('/').Any(part => part is "bin" or "obj")) continue;
            var ext = Path.GetExtension(path);
            if (ext is ".csproj" or ".fsproj" or ".props" or ".targets")
            {
                var lines = File.ReadAllLines(path);
                for (int i = 0; i < lines.Length; i++)
                    if (ProjectUsing().IsMatch(lines[i])) findings.Add(new Finding(rel, i + 1, lines[i].Trim()));
                continue;
            }
            if (ext is not (".cs" or ".fs")) continue;
            bool isAllowed = allowed.Any(a => rel.StartsWith(a, StringComparison.Ordinal));
            foreach (var (line, text, code) in ScanLines(File.ReadAllText(path), ext == ".fs"))
                if (!isAllowed || GlobalUsing().IsMatch(code)) findings.Add(new Finding(rel, line, text));
        }
        return findings;
    }

    /// <summary>The findings in one source text, with 1-based line numbers (the file name left empty).</summary>
    public static List<Finding> Scan(string source, bool fsharp) =>
        ScanLines(source, fsharp).Select(f => new Finding("", f.Line, f.Text)).ToList();

    private static IEnumerable<(int Line, string Text, string Code)> ScanLines(string source, bool fsharp)
    {
        var original = source.Split('\n');
        var code = BlankCommentsAndStrings(source, fsharp).Split('\n');
        for (int i = 0; i < code.Length; i++)
            if (NamesTorchSharp().IsMatch(code[i]) || UsesTorchClass().IsMatch(code[i]))
                yield return (i + 1, original[i].Trim(), code[i]);
    }

    /// <summary>
    /// The source with comments and the contents of string and character literals replaced by spaces, newlines kept
    /// (so line numbers stay). C#: //, /* */, "..", @"..", $"..", raw """..""", '.'. F#: //, nested (* *), "..",
    /// @"..", triple-quoted """..""".
    /// </summary>
    internal static string BlankCommentsAndStrings(string s, bool fsharp)
    {
        var o = new StringBuilder(s.Length);
        int i = 0;
        void Blank(int end)
        {
            for (; i < end && i < s.Length; i++) o.Append(s[i] == '\n' ? '\n' : ' ');
        }
        bool At(string t) => string.CompareOrdinal(s, i, t, 0, t.Length) == 0;
        int Find(string t, int from)
        {
            int k = s.IndexOf(t, from, StringComparison.Ordinal);
            return k < 0 ? s.Length : k + t.Length;
        }
        while (i < s.Length)
        {
            if (At("//")) Blank(s.IndexOf('\n', i) is var nl and >= 0 ? nl : s.Length);
            else if (!fsharp && At("/*")) Blank(Find("*/", i + 2));
            else if (fsharp && At("(*") && !At("(*)"))
            {
                int depth = 0, k = i;
                do
                {
                    if (string.CompareOrdinal(s, k, "(*", 0, 2) == 0) { depth++; k += 2; }
                    else if (string.CompareOrdinal(s, k, "*)", 0, 2) == 0) { depth--; k += 2; }
                    else k++;
                } while (depth > 0 && k < s.Length);
                Blank(k);
            }
            else if (At("\"\"\""))
            {
                // A raw (C#) or triple-quoted (F#) string: up to the same run of quotes.
                int start = i, n = 0;
                while (start + n < s.Length && s[start + n] == '"') n++;
                Blank(Find(new string('"', n), start + n));
            }
            else if (s[i] == '"' || (s[i] is '@' or '$' && i + 1 < s.Length && s[i + 1] is '"' or '@' or '$'))
            {
                int k = i;
                bool verbatim = false;
                while (k < s.Length && s[k] is '@' or '$') verbatim |= s[k++] == '@';
                if (k >= s.Length || s[k] != '"') { o.Append(s[i++]); continue; }
                if (k + 2 < s.Length && s[k + 1] == '"' && s[k + 2] == '"') { Blank(k); continue; } // $"""...""": raw, next turn
                k++;
                while (k < s.Length)
                {
                    if (verbatim && s[k] == '"' && k + 1 < s.Length && s[k + 1] == '"') k += 2;
                    else if (!verbatim && s[k] == '\\') k += 2;
                    else if (s[k] == '"') { k++; break; }
                    else k++;
                }
                Blank(k);
            }
            else if (!fsharp && s[i] == '\'')
            {
                int k = i + 1;
                while (k < s.Length && s[k] != '\'' && s[k] != '\n') k += s[k] == '\\' ? 2 : 1;
                Blank(k + 1);
            }
            else o.Append(s[i++]);
        }
        return o.ToString();
    }
}
