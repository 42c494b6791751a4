using System.Text;

namespace Bridge;

/// <summary>
/// Python's pprint for nested lists and tuples: the repr when it fits in the width, else one item per line,
/// indented by <c>indent</c> per level (the algorithm of CPython's PrettyPrinter._format / _format_items).
/// </summary>
internal static class PythonPrettyPrinter
{
    public static string Format(object? value, int indent, int width)
    {
        var sb = new StringBuilder();
        Write(sb, value, 0, 0, indent, width);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value, int column, int allowance, int perLevel, int width)
    {
        string rep = PyFormat.Repr(value);
        if (rep.Length > width - column - allowance && value is not null && PyFormat.IsSequence(value, out bool tuple))
        {
            var items = PyFormat.Items(value);
            string open = tuple ? "(" : "[";
            string close = tuple ? (items.Count == 1 ? ",)" : ")") : "]";
            sb.Append(open);
            WriteItems(sb, items, column, allowance + close.Length, perLevel, width);
            sb.Append(close);
            return;
        }
        sb.Append(rep);
    }

    private static void WriteItems(StringBuilder sb, List<object?> items, int column, int allowance, int perLevel, int width)
    {
        column += perLevel;
        if (perLevel > 1) sb.Append(' ', perLevel - 1);
        string delimiter = "";
        for (int i = 0; i < items.Count; i++)
        {
            bool last = i == items.Count - 1;
            sb.Append(delimiter);
            delimiter = ",\n" + new string(' ', column);
            // Only the last item has to leave room for the closing brackets; the others are followed by ",".
            Write(sb, items[i], column, last ? allowance : 1, perLevel, width);
        }
    }
}

/// <summary>
/// IPython's pretty printer (IPython.lib.pretty) for nested lists and tuples, which is what a notebook cell shows
/// for its value: text is buffered and, when a line would pass the width, the outermost pending group breaks first,
/// each of its separators becoming a newline plus the group's indentation.
/// </summary>
internal sealed class IPythonPrettyPrinter
{
    private abstract class Item
    {
        public int Width;
        public abstract int Output(StringBuilder output, int outputWidth);
    }

    private sealed class Text : Item
    {
        public readonly StringBuilder Content = new();
        public override int Output(StringBuilder output, int outputWidth)
        {
            output.Append(Content);
            return outputWidth + Width;
        }
    }

    private sealed class Breakable : Item
    {
        public required string Separator;
        public required int Indentation;
        public required Group Group;
        public required IPythonPrettyPrinter Printer;

        public override int Output(StringBuilder output, int outputWidth)
        {
            Group.Breakables.RemoveFirst();
            if (Group.WantBreak)
            {
                output.Append('\n').Append(' ', Indentation);
                return Indentation;
            }
            if (Group.Breakables.Count == 0) Printer._queue.Remove(Group);
            output.Append(Separator);
            return outputWidth + Width;
        }
    }

    private sealed class Group(int depth)
    {
        public readonly int Depth = depth;
        public readonly LinkedList<Breakable> Breakables = new();
        public bool WantBreak;
    }

    private sealed class GroupQueue
    {
        private readonly List<List<Group>> _queue = [];

        public void Enqueue(Group g)
        {
            while (g.Depth > _queue.Count - 1) _queue.Add([]);
            _queue[g.Depth].Add(g);
        }

        // Shallowest groups first. IPython deletes at the index counted from the reversed stack; kept as is so
        // the output matches IPython's, quirk included.
        public Group? Dequeue()
        {
            foreach (var stack in _queue)
            {
                for (int idx = 0; idx < stack.Count; idx++)
                {
                    var g = stack[stack.Count - 1 - idx];
                    if (g.Breakables.Count > 0)
                    {
                        stack.RemoveAt(idx);
                        g.WantBreak = true;
                        return g;
                    }
                }
                foreach (var g in stack) g.WantBreak = true;
                stack.Clear();
            }
            return null;
        }

        public void Remove(Group g)
        {
            if (g.Depth < _queue.Count) _queue[g.Depth].Remove(g);
        }
    }

    private readonly StringBuilder _output = new();
    private readonly int _maxWidth;
    private int _outputWidth, _bufferWidth, _indentation;
    private readonly LinkedList<Item> _buffer = new();
    private readonly List<Group> _stack = [];
    private readonly GroupQueue _queue = new();

    private IPythonPrettyPrinter(int maxWidth)
    {
        _maxWidth = maxWidth;
        var root = new Group(0);
        _stack.Add(root);
        _queue.Enqueue(root);
    }

    public static string Format(object? value, int maxWidth)
    {
        var p = new IPythonPrettyPrinter(maxWidth);
        p.Pretty(value);
        p.Flush();
        return p._output.ToString();
    }

    private void Pretty(object? value)
    {
        if (value is null || !PyFormat.IsSequence(value, out bool tuple))
        {
            WriteText(PyFormat.Repr(value));
            return;
        }
        var items = PyFormat.Items(value);
        string open = tuple ? "(" : "[";
        BeginGroup(1, open);
        for (int i = 0; i < items.Count; i++)
        {
            if (i == 1000) { WriteText(","); AddBreakable(); WriteText("..."); break; }   // IPython's max_seq_length
            if (i > 0) { WriteText(","); AddBreakable(); }
            Pretty(items[i]);
        }
        if (tuple && items.Count == 1) WriteText(",");
        EndGroup(1, tuple ? ")" : "]");
    }

    private void BreakOneGroup(Group g)
    {
        while (g.Breakables.Count > 0)
        {
            var x = _buffer.First!.Value;
            _buffer.RemoveFirst();
            _outputWidth = x.Output(_output, _outputWidth);
            _bufferWidth -= x.Width;
        }
        while (_buffer.Count > 0 && _buffer.First!.Value is Text)
        {
            var x = _buffer.First.Value;
            _buffer.RemoveFirst();
            _outputWidth = x.Output(_output, _outputWidth);
            _bufferWidth -= x.Width;
        }
    }

    private void BreakOuterGroups()
    {
        while (_maxWidth < _outputWidth + _bufferWidth)
        {
            var g = _queue.Dequeue();
            if (g is null) return;
            BreakOneGroup(g);
        }
    }

    private void WriteText(string s)
    {
        if (_buffer.Count > 0)
        {
            if (_buffer.Last!.Value is not Text text)
            {
                text = new Text();
                _buffer.AddLast(text);
            }
            text.Content.Append(s);
            text.Width += s.Length;
            _bufferWidth += s.Length;
            BreakOuterGroups();
        }
        else
        {
            _output.Append(s);
            _outputWidth += s.Length;
        }
    }

    private void AddBreakable(string sep = " ")
    {
        var g = _stack[^1];
        if (g.WantBreak)
        {
            Flush();
            _output.Append('\n').Append(' ', _indentation);
            _outputWidth = _indentation;
            _bufferWidth = 0;
        }
        else
        {
            var b = new Breakable { Separator = sep, Width = sep.Length, Indentation = _indentation, Group = g, Printer = this };
            g.Breakables.AddLast(b);
            _buffer.AddLast(b);
            _bufferWidth += sep.Length;
            BreakOuterGroups();
        }
    }

    private void BeginGroup(int indent, string open)
    {
        if (open.Length > 0) WriteText(open);
        var g = new Group(_stack[^1].Depth + 1);
        _stack.Add(g);
        _queue.Enqueue(g);
        _indentation += indent;
    }

    private void EndGroup(int dedent, string close)
    {
        _indentation -= dedent;
        var g = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        if (g.Breakables.Count == 0) _queue.Remove(g);
        if (close.Length > 0) WriteText(close);
    }

    private void Flush()
    {
        foreach (var item in _buffer) _outputWidth += item.Output(_output, _outputWidth);
        _buffer.Clear();
        _bufferWidth = 0;
    }
}
