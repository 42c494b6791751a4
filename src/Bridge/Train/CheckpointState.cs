using System.Globalization;
using System.Text;

namespace Bridge;

/// <summary>
/// TF's CheckpointState proto, the content of a checkpoint directory's <c>checkpoint</c> file: the newest checkpoint's
/// prefix and all the kept ones, oldest first. <c>tf.train.get_checkpoint_state(dir)</c> gives it with relative paths
/// joined to the directory, as TF does.
/// </summary>
public sealed class CheckpointState
{
    internal CheckpointState(string modelCheckpointPath, string[] allModelCheckpointPaths)
    {
        model_checkpoint_path = modelCheckpointPath;
        all_model_checkpoint_paths = allModelCheckpointPaths;
    }

    /// <summary>The newest checkpoint's prefix ("dir/model-1000"): pass it to <see cref="Saver.restore"/>.</summary>
    public string model_checkpoint_path { get; }

    /// <summary>The prefixes of the checkpoints not yet deleted, oldest first (the newest is the last).</summary>
    public string[] all_model_checkpoint_paths { get; }

    /// <summary>The proto in TF's text format, as the <c>checkpoint</c> file holds it.</summary>
    public override string ToString() => CheckpointStateFile.Format(this);
}

/// <summary>
/// The <c>checkpoint</c> file: TF's text-format CheckpointState (<c>model_checkpoint_path: "model-2"</c>, then one
/// <c>all_model_checkpoint_paths: "..."</c> line per kept checkpoint), and TF 1.0's path rules (saver.py's
/// generate_checkpoint_state_proto and get_checkpoint_state): when the save directory is relative, relative paths are
/// stored relative to it, and read back joined to the directory given.
/// </summary>
internal static class CheckpointStateFile
{
    public static string Format(CheckpointState s)
    {
        var b = new StringBuilder();
        b.Append("model_checkpoint_path: \"").Append(Escape(s.model_checkpoint_path)).Append("\"\n");
        foreach (var p in s.all_model_checkpoint_paths)
            b.Append("all_model_checkpoint_paths: \"").Append(Escape(p)).Append("\"\n");
        return b.ToString();
    }

    // protobuf's text_format CEscape of the UTF-8 bytes: \n \r \t \" \' \\, other bytes outside 32..126 in octal.
    private static string Escape(string s)
    {
        var b = new StringBuilder();
        foreach (byte c in Encoding.UTF8.GetBytes(s))
        {
            switch (c)
            {
                case (byte)'\n': b.Append("\\n"); break;
                case (byte)'\r': b.Append("\\r"); break;
                case (byte)'\t': b.Append("\\t"); break;
                case (byte)'"': b.Append("\\\""); break;
                case (byte)'\'': b.Append("\\'"); break;
                case (byte)'\\': b.Append("\\\\"); break;
                default:
                    if (c < 32 || c >= 127) b.Append('\\').Append(Convert.ToString(c, 8).PadLeft(3, '0'));
                    else b.Append((char)c);
                    break;
            }
        }
        return b.ToString();
    }

    /// <summary>
    /// Parses the text format (fields in any order, '#' comments, single or double quotes, adjacent strings joined,
    /// the C escapes; TF 1.15's timestamp fields are read and ignored). FormatException on anything else.
    /// </summary>
    public static (string model, List<string> all) Parse(string text)
    {
        string model = "";
        var all = new List<string>();
        int i = 0;
        void Skip()
        {
            while (i < text.Length)
            {
                if (char.IsWhiteSpace(text[i])) i++;
                else if (text[i] == '#') { while (i < text.Length && text[i] != '\n') i++; }
                else break;
            }
        }
        while (true)
        {
            Skip();
            if (i >= text.Length) break;
            int start = i;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
            string field = text[start..i];
            if (field.Length == 0) throw new FormatException($"expected a field name at character {start}");
            Skip();
            if (i >= text.Length || text[i] != ':') throw new FormatException($"expected ':' after {field}");
            i++;
            Skip();
            switch (field)
            {
                case "model_checkpoint_path": model = ReadStrings(text, ref i, Skip); break;
                case "all_model_checkpoint_paths": all.Add(ReadStrings(text, ref i, Skip)); break;
                case "all_model_checkpoint_timestamps":
                case "last_preserved_timestamp":
                    int s = i;
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '.' or '-' or '+')) i++;
                    if (!double.TryParse(text[s..i], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                        throw new FormatException($"{field}: expected a number");
                    break;
                default: throw new FormatException($"Message type \"tensorflow.CheckpointState\" has no field named \"{field}\"");
            }
        }
        return (model, all);
    }

    private static string ReadStrings(string text, ref int i, Action skip)
    {
        var bytes = new List<byte>();
        bool any = false;
        while (i < text.Length && text[i] is '"' or '\'')
        {
            any = true;
            char q = text[i++];
            while (true)
            {
                if (i >= text.Length || text[i] == '\n') throw new FormatException("unterminated string");
                char c = text[i++];
                if (c == q) break;
                if (c != '\\') { bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString())); continue; }
                if (i >= text.Length) throw new FormatException("unterminated string");
                char e = text[i++];
                switch (e)
                {
                    case 'n': bytes.Add(10); break;
                    case 'r': bytes.Add(13); break;
                    case 't': bytes.Add(9); break;
                    case 'a': bytes.Add(7); break;
                    case 'b': bytes.Add(8); break;
                    case 'f': bytes.Add(12); break;
                    case 'v': bytes.Add(11); break;
                    case '\\': case '\'': case '"': case '?': bytes.Add((byte)e); break;
                    case 'x':
                        int hs = i;
                        while (i < text.Length && i - hs < 2 && Uri.IsHexDigit(text[i])) i++;
                        if (i == hs) throw new FormatException("bad \\x escape");
                        bytes.Add(Convert.ToByte(text[hs..i], 16));
                        break;
                    default:
                        if (e is >= '0' and <= '7')
                        {
                            int os = i - 1;
                            while (i < text.Length && i - os < 3 && text[i] is >= '0' and <= '7') i++;
                            bytes.Add((byte)Convert.ToInt32(text[os..i], 8));
                        }
                        else throw new FormatException($"bad escape \\{e}");
                        break;
                }
            }
            skip();
        }
        if (!any) throw new FormatException("expected a string");
        return new UTF8Encoding(false, true).GetString(bytes.ToArray());
    }

    /// <summary>TF's _GetCheckpointFilename: dir/latest_filename ("checkpoint" by default).</summary>
    public static string FileName(string dir, string? latestFilename) => PyPath.Join(dir, latestFilename ?? "checkpoint");

    /// <summary>
    /// TF 1.0's get_checkpoint_state: null when the file is absent or unreadable (TF logs a warning and returns
    /// None; Bridge writes the warning to stderr); ValueError when it has no model_checkpoint_path.
    /// </summary>
    public static CheckpointState? Read(string dir, string? latestFilename)
    {
        string file = FileName(dir, latestFilename);
        if (!File.Exists(file)) return null;
        string text;
        try { text = File.ReadAllText(file, new UTF8Encoding(false, true)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            Console.Error.WriteLine($"WARNING: {file}: {e.Message}\nWARNING: {file}: Checkpoint ignored");
            return null;
        }
        (string model, List<string> all) parsed;
        try { parsed = Parse(text); }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"WARNING: {file}: {e.Message}\nWARNING: {file}: Checkpoint ignored");
            return null;
        }
        if (parsed.model.Length == 0)
            throw new ValueError($"Invalid checkpoint state loaded from {dir}: {file} has no model_checkpoint_path. - help: delete the file, or save a checkpoint again (saver.save writes it).");
        string Full(string p) => PyPath.IsAbs(p) ? p : PyPath.Join(dir, p);
        return new CheckpointState(Full(parsed.model), parsed.all.Select(Full).ToArray());
    }

    /// <summary>TF 1.0's update_checkpoint_state (with generate_checkpoint_state_proto's relative-path rule), written atomically.</summary>
    public static void Update(string saveDir, string modelPath, IEnumerable<string> allPaths, string? latestFilename)
    {
        var all = allPaths.ToList();
        if (all.Count == 0 || all[^1] != modelPath) all.Add(modelPath);
        if (!PyPath.IsAbs(saveDir))
        {
            if (!PyPath.IsAbs(modelPath)) modelPath = PyPath.RelPath(modelPath, saveDir);
            for (int k = 0; k < all.Count; k++)
                if (!PyPath.IsAbs(all[k])) all[k] = PyPath.RelPath(all[k], saveDir);
        }
        string file = FileName(saveDir, latestFilename);
        if (file == modelPath)
            throw new RuntimeError($"Save path '{modelPath}' conflicts with path used for checkpoint state.  Please use a different save path.");
        CheckpointBundle.AtomicWrite(file, Encoding.UTF8.GetBytes(Format(new CheckpointState(modelPath, all.ToArray()))));
    }
}

/// <summary>Python's posixpath functions that TF's saver uses on paths (POSIX rules, as on the labs' machines).</summary>
internal static class PyPath
{
    public static bool IsAbs(string p) => p.StartsWith('/');

    public static string Join(string a, string b) =>
        IsAbs(b) ? b : a.Length == 0 || a.EndsWith('/') ? a + b : a + "/" + b;

    public static string DirName(string p)
    {
        int i = p.LastIndexOf('/') + 1;
        string head = p[..i];
        return head.Length > 0 && head.Trim('/').Length > 0 ? head.TrimEnd('/') : head;
    }

    public static string BaseName(string p) => p[(p.LastIndexOf('/') + 1)..];

    private static string[] Parts(string abs) => abs.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static List<string> Normalize(string p)
    {
        string abs = IsAbs(p) ? p : Join(Directory.GetCurrentDirectory(), p);
        var parts = new List<string>();
        foreach (var s in Parts(abs))
        {
            if (s == ".") continue;
            if (s == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(s);
        }
        return parts;
    }

    /// <summary>os.path.relpath(path, start); ValueError for an empty start, as Python's.</summary>
    public static string RelPath(string path, string start)
    {
        if (start.Length == 0) throw new ValueError("no path specified");
        var p = Normalize(path);
        var s = Normalize(start);
        int i = 0;
        while (i < p.Count && i < s.Count && p[i] == s[i]) i++;
        var rel = Enumerable.Repeat("..", s.Count - i).Concat(p.Skip(i)).ToArray();
        return rel.Length == 0 ? "." : string.Join('/', rel);
    }
}
