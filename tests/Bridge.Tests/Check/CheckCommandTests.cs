using Bridge.Cli.Check;

namespace Bridge.Tests.Check;

/// <summary><c>bridge check</c>: the lab-07 runs match their originals; a supplied reference is used and can fail the check.</summary>
public class CheckCommandTests : GraphFixture
{
    private static readonly string[] Lab07Runs =
    [
        "lab-07-1-learning_rate_and_evaluation-lr0.1",
        "lab-07-1-learning_rate_and_evaluation-lr1.5",
        "lab-07-1-learning_rate_and_evaluation-lr1e-10",
        "lab-07-2-linear_regression_without_min_max",
        "lab-07-3-linear_regression_min_max",
    ];

    private string _extra = "";

    [SetUp]
    public void CreateFolder() => _extra = Directory.CreateTempSubdirectory("bridge-check-tests-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_extra, recursive: true);

    private static async Task<(int Code, string Out, string Err)> Check(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CheckCommand.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public async Task Table_ReportsEveryLab07RunAsMatching()
    {
        var (code, table, errors) = await Check("lab-07");
        var lines = table.TrimEnd().Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Does.Match(@"^lab\s+\| numbers compared \| numbers matched \| largest difference \| seconds$"));
            Assert.That(lines, Has.Length.EqualTo(2 + Lab07Runs.Length + 1));
            foreach (var run in Lab07Runs)
            {
                var row = lines.Single(l => l.StartsWith(run + " "));
                var cells = row.Split('|').Select(c => c.Trim()).ToArray();
                Assert.That(cells[1], Is.EqualTo(cells[2]), $"{run}: compared = matched\n{errors}");
                Assert.That(int.Parse(cells[1]), Is.GreaterThan(50), run);
            }
            Assert.That(lines[^1], Does.StartWith("verdict: PASS - 5 of 5"));
            Assert.That(code, Is.Zero, errors);
        });
    }

    [Test]
    public async Task SuppliedReference_ReplacesTheCommittedOne_AndCanFail()
    {
        // A supplied reference (step 0 only) replaces the committed one; then a wrong one fails the check.
        await File.WriteAllTextAsync(Path.Combine(_extra, "lab-07-2-linear_regression_without_min_max.txt"), "0 Cost:  2.45533e+12\nPrediction:\n [[-1104436.375]\n [-2224342.75 ]\n [-1749606.75 ]\n [-1226179.375]\n [-1445287.125]\n [-1457459.5  ]\n [-1335740.5  ]\n [-1700924.625]]\n...\n");
        var (code, table, errors) = await Check("--originals", _extra, "lab-07-2");
        Assert.Multiple(() =>
        {
            Assert.That(table, Does.Contain("lab-07-2-linear_regression_without_min_max |                9 |               9 |                  0 |"));
            Assert.That(code, Is.Zero, errors);
        });

        await File.WriteAllTextAsync(Path.Combine(_extra, "lab-07-2-linear_regression_without_min_max.txt"), "0 Cost:  2.45533e+12\nPrediction:\n [[-1104437.375]\n [-2224342.75 ]\n [-1749606.75 ]\n [-1226179.375]\n [-1445287.125]\n [-1457459.5  ]\n [-1335740.5  ]\n [-1700924.625]]\n");
        (code, table, errors) = await Check("--originals", _extra, "lab-07-2");
        Assert.Multiple(() =>
        {
            Assert.That(table, Does.Contain("|                9 |               8 |                  1 |"));
            Assert.That(table, Does.Contain("verdict: FAIL"));
            Assert.That(errors, Does.Contain("step 0/Prediction: #0: ours -1104436.375, original -1104437.375"));
            Assert.That(code, Is.EqualTo(CheckCommand.Differs));
        });
    }

    [Test]
    public async Task LabWithoutReference_IsListed_AndDoesNotFailTheCheck()
    {
        // Only a lab-09 run would be "no reference" in practice; an empty --originals folder changes nothing for 07-2,
        // so use the runner directly with a folder that holds no files.
        var row = await CheckRunner.RunOneAsync(SharedData.RepoRoot, LabCatalog.Select(["lab-07-2"]).Single(), new Originals(_extra, null));
        var table = CheckTable.Format([row]);
        Assert.Multiple(() =>
        {
            Assert.That(row.Verdict, Is.EqualTo(CheckVerdict.NoReference));
            Assert.That(table, Does.Contain("no reference"));
            Assert.That(CheckTable.Passed([row]), Is.True);
        });
    }

    [Test]
    public async Task LabWhoseDataFileIsAbsent_IsListedAsNoData_AndDoesNotFailTheCheck()
    {
        var empty = Directory.CreateTempSubdirectory("bridge-nodata-").FullName;
        try
        {
            var run = LabCatalog.Select(["lab-06-2-softmax_zoo_classifier@"]).Single();
            var row = await CheckRunner.RunOneAsync(SharedData.RepoRoot, run, new Originals(_extra, null), empty);
            var table = CheckTable.Format([row]);
            Assert.Multiple(() =>
            {
                Assert.That(row.Verdict, Is.EqualTo(CheckVerdict.NoData));
                Assert.That(table, Does.Contain("no data"));
                Assert.That(table, Does.Contain("data-04-zoo.csv not in the data folder (--data DIR)"));
                Assert.That(CheckTable.Passed([row]), Is.True);
            });
        }
        finally { Directory.Delete(empty); }
    }

    [Test]
    public async Task ALabReadingTheZooData_FindsItInTheSharedFolder_AndMatches()
    {
        // ../shared/data/zero-to-all holds data-04-zoo.csv: lab 06-2's 2017 version runs and reproduces its record.
        var run = LabCatalog.Select(["lab-06-2-softmax_zoo_classifier@"]).Single();
        var row = await CheckRunner.RunOneAsync(SharedData.RepoRoot, run, new Originals(Path.Combine(SharedData.RepoRoot, "tests", "data", "originals"), null));
        Assert.That(row.Verdict, Is.EqualTo(CheckVerdict.Match), row.Errors);
        Assert.That(row.Comparison!.Compared, Is.EqualTo(14 * 2 + 0));  // 14 recorded steps x (loss, accuracy)
    }

    [Test]
    public async Task DataOptionNeedsAnExistingFolder()
    {
        var (code, _, errors) = await Check("--data", "/no/such/folder");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(errors, Does.Contain("the data folder"));
    }

    [Test]
    public async Task UnknownOption_IsAUsageError()
    {
        var (code, _, errors) = await Check("--bogus");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(errors, Does.Contain("unknown option"));
    }

    [TestCase(0, "0")]
    [TestCase(3e-8, "3e-08")]
    [TestCase(1.2e5, "1.2e+05")]
    [TestCase(double.PositiveInfinity, "inf")]
    public void Compact(double d, string text) => Assert.That(CheckTable.Compact(d), Is.EqualTo(text));
}
