/// Paths, the golden files and subprocesses for the F# tests.
module Bridge.FSharp.Tests.Support

open System
open System.Diagnostics
open System.IO
open System.Text.Json
open NUnit.Framework

/// The repository root: the first folder above the test assembly that holds Bridge.sln.
let repoRoot =
    let rec up (dir: DirectoryInfo) =
        if isNull dir then failwithf "Cannot find Bridge.sln above %s" AppContext.BaseDirectory
        elif File.Exists(Path.Combine(dir.FullName, "Bridge.sln")) then dir.FullName
        else up dir.Parent
    up (DirectoryInfo AppContext.BaseDirectory)

/// ../shared beside the repository, or $BRIDGE_SHARED.
let sharedDir =
    match Environment.GetEnvironmentVariable "BRIDGE_SHARED" with
    | null | "" -> Path.GetFullPath(Path.Combine(repoRoot, "..", "shared"))
    | dir -> dir

/// The items of golden/lab08.json by id.
let lab08Items =
    lazy
        let path = Path.Combine(sharedDir, "golden", "lab08.json")
        if not (File.Exists path) then Assert.Fail $"Golden file {path} is missing: put the shared folder beside the repository or set BRIDGE_SHARED."
        use doc = JsonDocument.Parse(File.ReadAllText path)
        [ for item in doc.RootElement.GetProperty("items").EnumerateArray() -> item.GetProperty("id").GetString(), item.Clone() ]
        |> dict

/// Output of one process: exit code, stdout, stderr.
type ProcessResult = { Code: int; Out: string; Err: string }

/// Runs EXE ARGS in the repository root with extra environment variables. The build variables `dotnet test` sets for
/// its own MSBuild are dropped, so a nested `dotnet pack` or `dotnet run` builds as it would from a shell.
let run (exe: string) (args: string list) (env: (string * string) list) (timeout: TimeSpan) =
    let psi = ProcessStartInfo(exe, WorkingDirectory = repoRoot, RedirectStandardOutput = true, RedirectStandardError = true)
    for a in args do psi.ArgumentList.Add a
    for key in psi.Environment.Keys |> Seq.toList do
        if key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key = "VSTEST_HOST_DEBUG" then psi.Environment.Remove key |> ignore
    psi.Environment["DOTNET_NOLOGO"] <- "1"
    psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] <- "1"
    for key, value in env do psi.Environment[key] <- value
    use p = Process.Start psi
    let out = p.StandardOutput.ReadToEndAsync()
    let err = p.StandardError.ReadToEndAsync()
    if not (p.WaitForExit timeout) then
        p.Kill true
        Assert.Fail $"{exe} {String.Join(' ', args)} did not finish in {timeout}"
    { Code = p.ExitCode; Out = out.Result; Err = err.Result }

/// Runs `dotnet ARGS` in the repository root.
let dotnet (args: string list) (timeout: TimeSpan) = run "dotnet" args [] timeout

/// Runs Debian's `/usr/bin/python3 ARGS` in the repository root with python/ on PYTHONPATH (Bridge's package).
let python (args: string list) (timeout: TimeSpan) =
    run "/usr/bin/python3" args [ "PYTHONPATH", Path.Combine(repoRoot, "python") ] timeout

/// The package in artifacts/feed, made once per test run (the README's build step), so the scripts restore this Bridge.
let packOnce =
    lazy
        let r = dotnet [ "pack"; "src/Bridge"; "-c"; "Release"; "-o"; "artifacts/feed" ] (TimeSpan.FromMinutes 5.)
        if r.Code <> 0 then Assert.Fail $"dotnet pack failed:\n{r.Out}\n{r.Err}"

/// The configuration this test assembly was built in (debug or release), for finding the CLI built beside it.
let configuration = DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Name

/// Runs a C# script with `bridge run` (the CLI built with these tests); returns its output.
let bridgeRun (script: string) (args: string list) =
    let cli = Path.Combine(repoRoot, "artifacts", "bin", "Bridge.Cli", configuration, "Bridge.Cli.dll")
    let r = dotnet ([ cli; "run"; script ] @ (if args.IsEmpty then [] else "--" :: args)) (TimeSpan.FromMinutes 5.)
    Assert.That(r.Code, Is.EqualTo 0, $"bridge run {script}: {r.Err}")
    r.Out
