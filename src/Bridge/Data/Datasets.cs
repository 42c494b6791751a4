namespace Bridge;

/// <summary>The three MNIST splits <see cref="input_data.read_data_sets"/> returns (TF's <c>base.Datasets</c>).</summary>
public sealed class Datasets
{
    internal Datasets(DataSet train, DataSet validation, DataSet test)
    {
        this.train = train;
        this.validation = validation;
        this.test = test;
    }

    /// <summary>Training examples: the training file without its first <c>validation_size</c> (55000 by default).</summary>
    public DataSet train { get; }

    /// <summary>The first <c>validation_size</c> examples of the training file (5000 by default).</summary>
    public DataSet validation { get; }

    /// <summary>The test file's 10000 examples.</summary>
    public DataSet test { get; }
}
