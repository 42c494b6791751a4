namespace Bridge;

/// <summary>
/// TF 1.x's tf.train.Saver: saves variables to TF's V2 checkpoint format (<c>PREFIX.index</c> and
/// <c>PREFIX.data-00000-of-00001</c>, readable by TF) and restores them, keeps the last <c>max_to_keep</c>
/// checkpoints (deleting older ones), and maintains the directory's <c>checkpoint</c> file.
/// </summary>
/// <remarks>
/// <para>As TF 1.0: the variables are keyed by their op names ("layer1/W", "layer1/W/Adam", "beta1_power"), saved in
/// name order; the constructor builds its ops under a "save" name scope and advances the graph's op ids by as many as
/// TF 1.0's Saver creates (6 + 4 per variable, 6 with reshape), so random ops made later draw TF's seeds.</para>
/// <para>Restoring reads and checks everything first (the index, every tensor's bytes and CRC, dtypes and shapes
/// against the graph's variables) and only then assigns, in one run: a failed restore changes no variable.</para>
/// <para>Deviation: <c>write_meta_graph</c> writes no <c>.meta</c> file (TF writes a MetaGraphDef there); restoring
/// never needs one. Old <c>.meta</c> files are still deleted with their checkpoints, as TF does.</para>
/// </remarks>
public sealed class Saver
{
    private readonly (string name, Variable variable)[] _vars;
    private readonly Tensor[] _feeds;
    private readonly Operation? _restoreAll;
    private readonly bool _reshape;
    private readonly List<(string path, DateTime time)> _last = [];
    private readonly double _keepHours;
    private DateTime _nextKeep;

    internal Saver(Graph graph, IReadOnlyList<(string name, Variable variable)> vars, int? maxToKeep, double keepCheckpointEveryNHours,
        string? name, bool reshape, bool padStepNumber, bool allowEmpty)
    {
        const string f = "tf.train.Saver";
        this.graph = graph;
        max_to_keep = maxToKeep ?? 0;
        _keepHours = keepCheckpointEveryNHours;
        _nextKeep = DateTime.UtcNow.AddHours(Math.Min(keepCheckpointEveryNHours, 1e7));
        _reshape = reshape;
        pad_step_number = padStepNumber;
        var sorted = vars.OrderBy(v => v.name, StringComparer.Ordinal).ToArray();
        for (int i = 1; i < sorted.Length; i++)
            if (sorted[i].name == sorted[i - 1].name)
                throw new ValueError($"{f}: At least two variables have the same name: {sorted[i].name}. - help: give them different names, or pass a dict {{name: variable}}.");
        var seen = new HashSet<Variable>();
        foreach (var (n, v) in sorted)
        {
            if (v.graph != graph)
                throw new ValueError($"{f}: variable '{v.op_name}' is from another graph. - help: create the Saver in the graph of its variables.");
            if (!seen.Add(v))
                throw new ValueError($"{f}: The same saveable will be restored with two names: {n}. - help: list each variable once.");
        }
        _vars = sorted;
        if (_vars.Length == 0)
        {
            if (!allowEmpty) throw new ValueError($"{f}: No variables to save. - help: create the Saver after the variables, or pass allow_empty=True.");
            _feeds = [];
            return;
        }
        using (graph.as_default())
        using (graph.PushScope(name ?? "save"))
        {
            // TF 1.0 builds save/Const (the filename), SaveV2 with its two Const inputs and an Identity; Bridge saves
            // from the session directly, so it only counts those five op ids.
            graph.CountTfOps(5);
            _feeds = new Tensor[_vars.Length];
            var assigns = new Operation[_vars.Length];
            for (int i = 0; i < _vars.Length; i++)
            {
                var v = _vars[i].variable;
                // The value read from the file, fed here: in TF a RestoreV2 op with its two Const inputs (three op ids).
                _feeds[i] = StateOps.Placeholder.Build(f, "RestoreV2", [], new VariableAttr(v.shape, v.dtype), extraTfOpIds: 2, graph: graph).outputs[0];
                if (reshape) graph.CountTfOps(2); // TF reshapes the restored tensor to the variable's shape: a shape Const (or Shape op) and a Reshape
                assigns[i] = StateOps.Assign.Build(f, "Assign", [v.Ref, _feeds[i]], new AssignAttr(ValidateShape: true), graph: graph);
            }
            _restoreAll = StateOps.NoOp.Build(f, "restore_all", [], controlInputs: assigns, graph: graph);
        }
    }

    /// <summary>The graph of the saved variables.</summary>
    public Graph graph { get; }

    /// <summary>How many checkpoints are kept (0: all, but only the newest is listed in the <c>checkpoint</c> file).</summary>
    public int max_to_keep { get; }

    /// <summary>Whether global steps in file names are zero-padded to 8 digits.</summary>
    public bool pad_step_number { get; }

    /// <summary>The names the variables are saved under, in the order they are saved.</summary>
    public string[] saved_names => _vars.Select(v => v.name).ToArray();

    /// <summary>The prefixes of the checkpoints this Saver keeps, oldest first (TF's last_checkpoints).</summary>
    public string[] last_checkpoints => _last.Select(p => p.path).ToArray();

    /// <summary>
    /// TF's set_last_checkpoints: the checkpoints to consider for deletion (e.g. a restored
    /// <c>get_checkpoint_state(dir).all_model_checkpoint_paths</c>), oldest first.
    /// </summary>
    public void set_last_checkpoints(IEnumerable<string> last_checkpoints)
    {
        _last.Clear();
        _last.AddRange(last_checkpoints.Select(p => (p, DateTime.UtcNow)));
    }

    /// <summary>TF's recover_last_checkpoints: as set_last_checkpoints, keeping only those whose files exist.</summary>
    public void recover_last_checkpoints(IEnumerable<string> checkpoint_paths) =>
        set_last_checkpoints(checkpoint_paths.Where(p => File.Exists(CheckpointBundle.IndexFile(p))));

    /// <summary>
    /// TF's Saver.save: writes the variables' values in <paramref name="sess"/> to the checkpoint
    /// <c>save_path-global_step</c> (or <c>save_path</c>), returns that prefix, deletes the checkpoints past
    /// max_to_keep, and rewrites the <c>checkpoint</c> file (named <paramref name="latest_filename"/>) of the
    /// directory. The directory must exist (ValueError otherwise, as TF 1.0; "model" alone has no directory: write
    /// "./model"). <paramref name="write_meta_graph"/>: Bridge writes no <c>.meta</c> file (see the class remarks).
    /// Returns null for a Saver of no variables (allow_empty).
    /// </summary>
    public string? save(Session sess, string save_path, long? global_step = null, string? latest_filename = null,
        string meta_graph_suffix = "meta", bool write_meta_graph = true, bool write_state = true)
    {
        const string f = "Saver.save";
        if (sess is null) throw new TypeError($"{f}: 'sess' must be a Session; None. - help: pass the session that holds the variables.");
        if (save_path is null) throw new ValueError($"{f}: save_path is required. - help: pass a path prefix such as \"./ckpt/model\".");
        latest_filename ??= "checkpoint";
        if (PyPath.DirName(latest_filename).Length > 0)
            throw new ValueError($"{f}: 'latest_filename' must not contain path components: '{latest_filename}'. - help: give a file name; it goes in the directory of save_path.");
        string file = save_path;
        if (global_step is long step)
            file = pad_step_number ? $"{save_path}-{step:D8}" : $"{save_path}-{step}";
        else if (PyPath.BaseName(save_path) == latest_filename)
            throw new ValueError($"{f}: 'latest_filename' collides with 'save_path': '{latest_filename}' and '{save_path}'. - help: use another save_path.");
        string dir = PyPath.DirName(save_path);
        if (!Directory.Exists(dir))
            throw new ValueError($"{f}: Parent directory of {save_path} doesn't exist, can't save. - help: create it first (os.makedirs / Directory.CreateDirectory){(dir.Length == 0 ? ", or save to \"./" + save_path + "\"" : "")}.");
        if (sess.graph != graph)
            throw new ValueError($"{f}: the session runs another graph than this Saver's. - help: pass a session of the graph the Saver was built in.");
        if (_vars.Length == 0) return null;

        var values = sess.run(_vars.Select(v => (object)v.variable).ToArray());
        CheckpointBundle.Write(file, _vars.Select((v, i) => (v.name, values[i]!)).ToArray());
        if (write_state)
        {
            MaybeDeleteOld(file, meta_graph_suffix);
            CheckpointStateFile.Update(dir, file, last_checkpoints, latest_filename);
        }
        return file;
    }

    /// <summary>
    /// Saves with the global step read from <paramref name="global_step"/> (a variable or tensor: TF's
    /// training_util.global_step(sess, global_step)).
    /// </summary>
    public string? save(Session sess, string save_path, Tensor global_step, string? latest_filename = null,
        string meta_graph_suffix = "meta", bool write_meta_graph = true, bool write_state = true)
    {
        if (global_step is null) return save(sess, save_path, (long?)null, latest_filename, meta_graph_suffix, write_meta_graph, write_state);
        if (!global_step.dtype.is_integer())
            throw new TypeError($"Saver.save: global_step '{global_step.name}' has dtype {global_step.dtype.as_numpy_name()}; it must be an integer. - help: pass an int, or tf.train.get_or_create_global_step().");
        var step = sess.run(global_step);
        return save(sess, save_path, step.GetInt64(0), latest_filename, meta_graph_suffix, write_meta_graph, write_state);
    }

    /// <summary>Saves with the global step read from a variable (see the Tensor overload).</summary>
    public string? save(Session sess, string save_path, Variable global_step, string? latest_filename = null,
        string meta_graph_suffix = "meta", bool write_meta_graph = true, bool write_state = true) =>
        save(sess, save_path, global_step?.Snapshot!, latest_filename, meta_graph_suffix, write_meta_graph, write_state);

    // TF 1.0's _MaybeDeleteOldCheckpoints.
    private void MaybeDeleteOld(string latest, string metaSuffix)
    {
        if (max_to_keep <= 0) return;
        _last.RemoveAll(p => p.path == latest);
        _last.Add((latest, DateTime.UtcNow));
        if (_last.Count <= max_to_keep) return;
        var (oldest, time) = _last[0];
        _last.RemoveAt(0);
        if (time > _nextKeep)
        {
            _nextKeep = _nextKeep.AddHours(_keepHours);
            return;
        }
        try
        {
            DeleteIfExists(oldest + "." + metaSuffix);
            DeleteIfExists(CheckpointBundle.IndexFile(oldest));
            string dir = PyPath.DirName(oldest), stem = PyPath.BaseName(oldest) + ".data-";
            var d = dir.Length == 0 ? "." : dir;
            if (Directory.Exists(d))
                foreach (var data in Directory.GetFiles(d, stem + "*-of-*"))
                    if (IsDataShard(Path.GetFileName(data), stem)) File.Delete(data);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"WARNING: Ignoring: {e.Message}");
        }
    }

    private static void DeleteIfExists(string p)
    {
        if (File.Exists(p)) File.Delete(p);
    }

    // TF deletes PREFIX.data-?????-of-?????: five digits each.
    private static bool IsDataShard(string name, string stem)
    {
        var rest = name[stem.Length..];
        return rest.Length == 14 && rest[5..9] == "-of-" && rest[..5].All(char.IsAsciiDigit) && rest[9..].All(char.IsAsciiDigit);
    }

    /// <summary>
    /// TF's Saver.restore: sets the variables in <paramref name="sess"/> to their values in checkpoint
    /// <paramref name="save_path"/> (a prefix saver.save returned, or tf.train.latest_checkpoint(dir)); they need not
    /// be initialised. Everything is checked before anything is assigned: NotFoundError for a missing file or a
    /// variable missing from the checkpoint, DataLossError for a corrupt or truncated file, InvalidArgumentError for
    /// a dtype or shape that differs from the variable's (with reshape=True only the element counts must agree, as in
    /// TF). Tensors in the checkpoint that the Saver does not know are ignored, as in TF.
    /// </summary>
    public void restore(Session sess, string save_path)
    {
        const string f = "Saver.restore";
        if (sess is null) throw new TypeError($"{f}: 'sess' must be a Session; None. - help: pass the session whose variables to set.");
        if (save_path is null) throw new ValueError($"{f}: Can't load save_path when it is None. - help: pass a checkpoint prefix, e.g. tf.train.latest_checkpoint(dir) (check that it is not None).");
        if (sess.graph != graph)
            throw new ValueError($"{f}: the session runs another graph than this Saver's. - help: pass a session of the graph the Saver was built in.");
        if (_vars.Length == 0) return;
        var index = CheckpointBundle.ReadIndex(save_path, out int numShards);
        var shards = new Dictionary<int, byte[]>();
        var feeds = new FeedItem[_vars.Length];
        for (int i = 0; i < _vars.Length; i++)
        {
            var (name, v) = _vars[i];
            if (!index.TryGetValue(name, out var entry))
                throw new NotFoundError($"{f}: Key {name} not found in checkpoint {save_path} (variable '{v.op_name}'). - help: restore a checkpoint saved from this model, or pass tf.train.Saver(var_list) the variables the checkpoint has (a dict maps its names to variables).");
            if (entry.DType != v.dtype)
                throw new InvalidArgumentError($"{f}: tensor_name = {name}; expected dtype {v.dtype.as_numpy_name()} does not equal original dtype {CheckpointBundle.DTypeName(entry)} in checkpoint {save_path}. - help: the graph's variable '{v.op_name}' must have the dtype it was saved with.");
            bool reshaped = false;
            if (!v.shape.is_compatible_with(entry.Shape))
            {
                if (!_reshape || !v.shape.IsFullyDefined || v.shape.dims.Aggregate(1L, (a, d) => a * d) != entry.Shape.dims.Aggregate(1L, (a, d) => a * d))
                    throw new InvalidArgumentError($"{f}: Assign requires shapes of both tensors to match. lhs shape= {OpHelpers.Fmt(v.shape)} rhs shape= {OpHelpers.Fmt(entry.Shape)}: variable '{v.op_name}' was saved as {OpHelpers.Fmt(entry.Shape)} in checkpoint {save_path}. - help: build the variable with the shape it was saved with{(_reshape ? "" : ", or pass reshape=True when the element counts agree")}.");
                reshaped = true;
            }
            var value = CheckpointBundle.ReadTensor(save_path, numShards, entry, shards);
            if (reshaped) value = new NDArray(value.Storage, v.shape);
            feeds[i] = new FeedItem(_feeds[i], value);
        }
        sess.run(_restoreAll!, feeds);
    }

    /// <summary>The Saver as TF's repr shows objects.</summary>
    public override string ToString() => $"<tensorflow.python.training.saver.Saver ({_vars.Length} variables)>";
}
