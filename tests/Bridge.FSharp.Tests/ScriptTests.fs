/// The labs run the ways users run scripts: .fsx under `dotnet fsi` and C# file-based apps under `dotnet run`,
/// each against the package in artifacts/feed (packed once per run), printing what `bridge run` prints for the .csx.
module Bridge.FSharp.Tests.ScriptTests

open System
open System.IO
open NUnit.Framework
open Bridge.FSharp.Tests.Support

let private minutes (m: float) = TimeSpan.FromMinutes m

let private assertSameOutput (what: string) (expected: string) (r: ProcessResult) =
    Assert.That(r.Code, Is.EqualTo 0, $"{what} failed:\n{r.Err}")
    let expected, actual = expected.Split('\n'), r.Out.Split('\n')
    for i in 0 .. min expected.Length actual.Length - 1 do
        Assert.That(actual[i], Is.EqualTo expected[i], $"{what}: line {i + 1}")
    Assert.That(actual, Has.Length.EqualTo expected.Length, $"{what}: line count")

let fsxLabs () =
    [ "lab-08-tensor_manipulation"; "lab-07-1-learning_rate_and_evaluation"; "lab-09-2-xor-nn" ]
    |> List.map (fun lab -> TestCaseData(lab).SetName $"dotnet fsi {lab}.fsx prints what bridge run {lab}.csx prints")

[<TestCaseSource(nameof fsxLabs)>]
let ``fsx output equals the csx output`` (lab: string) =
    packOnce.Force()
    let expected = bridgeRun $"scripts/{lab}.csx" []
    dotnet [ "fsi"; $"scripts/fsharp/{lab}.fsx" ] (minutes 5.) |> assertSameOutput $"{lab}.fsx" expected

let fileBasedApps () =
    [ "lab-08-tensor_manipulation"; "lab-07-1-learning_rate_and_evaluation" ]
    |> List.map (fun lab -> TestCaseData(lab).SetName $"dotnet run {lab}.cs prints what bridge run {lab}.csx prints")

[<TestCaseSource(nameof fileBasedApps)>]
let ``file-based app output equals the csx output`` (lab: string) =
    packOnce.Force()
    let expected = bridgeRun $"scripts/{lab}.csx" []
    dotnet [ "run"; $"scripts/{lab}.cs" ] (minutes 8.) |> assertSameOutput $"{lab}.cs" expected

/// Writes a script into scripts/ (where NuGet.Config points at the feed), runs it, and deletes it.
let private withScript (name: string) (text: string) (run: string -> ProcessResult) =
    let path = Path.Combine(repoRoot, "scripts", name)
    File.WriteAllText(path, text)
    try run $"scripts/{name}" finally File.Delete path

[<Test>]
let ``a file-based app naming a version the feed lacks says how to build the package`` () =
    packOnce.Force()
    let r = withScript "zz-missing-version-test.cs" "#:package ZeroToAll.Bridge@9.9.9\nusing static Bridge.Binding;\nprint(1);\n" (fun s -> dotnet [ "run"; s ] (minutes 3.))
    Assert.That(r.Code, Is.Not.EqualTo 0)
    Assert.That(r.Out + r.Err, Does.Contain("ZeroToAll.Bridge 9.9.9 is not in the local feed").And.Contain("dotnet pack src/Bridge -c Release -o artifacts/feed"))

[<Test>]
let ``an fsx naming a version the feed lacks fails with NuGet's message`` () =
    packOnce.Force()
    let r = withScript "zz-missing-version-test.fsx" "#r \"nuget: ZeroToAll.Bridge, 9.9.9\"\nopen type Bridge.Binding\nprint(1)\n" (fun s -> dotnet [ "fsi"; s ] (minutes 3.))
    Assert.That(r.Code, Is.Not.EqualTo 0)
    // fsi's own restore reports it; we cannot add to its text (the README names the pack command for this case).
    Assert.That(r.Out + r.Err, Does.Contain("NU1102").And.Contain("ZeroToAll.Bridge"))

[<Test>]
let ``an fsx type error shows F#'s own message`` () =
    packOnce.Force()
    let r = withScript "zz-type-error-test.fsx" "#r \"nuget: ZeroToAll.Bridge, 0.1.0\"\nopen type Bridge.Binding\nlet W = tf.Variable(tf.random_normal([| 3 |]))\nlet n: int = W\n" (fun s -> dotnet [ "fsi"; s ] (minutes 3.))
    Assert.That(r.Code, Is.Not.EqualTo 0)
    Assert.That(r.Out + r.Err, Does.Contain("zz-type-error-test.fsx(4,14): error FS0001"))

/// The README's "Write your own" examples: the same model in C#, F# and Python, each printing the same lines, and
/// the README showing each file as it is.
[<Test>]
let ``the write-your-own examples print the same in C#, F# and Python, as the README shows them`` () =
    packOnce.Force()
    let cs = bridgeRun "scripts/examples/your-own.csx" []
    let fs = dotnet [ "fsi"; "scripts/examples/your-own.fsx" ] (minutes 5.)
    Assert.That(fs.Code, Is.EqualTo 0, fs.Err)
    Assert.That(fs.Out, Is.EqualTo cs, "F# against C#")
    let py = python [ "-m"; "bridge"; "run"; "scripts/examples/your-own.py" ] (minutes 3.)
    Assert.That(py.Code, Is.EqualTo 0, py.Err)
    Assert.That(py.Out, Is.EqualTo cs, "Python against C#")
    // Adam found the least-squares line of the five points (W 1.99, b 1.04 to the two printed decimals).
    let xs, ys = [| 0.0; 1.0; 2.0; 3.0; 4.0 |], [| 1.1; 2.9; 5.2; 6.8; 9.1 |]
    let mx, my = Array.average xs, Array.average ys
    let w = Array.fold2 (fun acc x y -> acc + (x - mx) * (y - my)) 0.0 xs ys / Array.sumBy (fun x -> (x - mx) ** 2.0) xs
    let last = cs.TrimEnd('\n').Split('\n') |> Array.last
    Assert.That(last, Is.EqualTo $"W: [[{w:F2}]] b: [{my - w * mx:F2}]")
    let readme = File.ReadAllText(Path.Combine(repoRoot, "README.md"))
    for file in [ "your-own.csx"; "your-own.fsx"; "your-own.py" ] do
        let text = File.ReadAllText(Path.Combine(repoRoot, "scripts", "examples", file)).TrimEnd('\n')
        Assert.That(readme, Does.Contain(text), $"README shows scripts/examples/{file} as it is")
