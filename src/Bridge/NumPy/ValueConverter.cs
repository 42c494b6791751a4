using System.Collections;

namespace Bridge;

/// <summary>
/// Turns C# values (scalars, arrays, jagged and multi-dimensional arrays, lists, NDArrays) into NDArrays, with
/// the literal rules of the caller: TensorFlow reads Python floats as float32 and Python ints as int32; numpy
/// reads them as float64 and int64 (on Linux). C# float, long and bool keep their own types in both.
/// </summary>
internal static class ValueConverter
{
    internal enum Rules { TensorFlow, NumPy }

    // Ordered by promotion: mixing two kinds gives the larger one (as numpy does for [1, 2.5]).
    private enum Kind { None, Bool, Byte, Int, Long, Float, Double, String }

    /// <summary>Converts a value; <paramref name="dtype"/> (if given) is the requested element type.</summary>
    public static NDArray ToNDArray(object? value, Rules rules, TF_DataType dtype = TF_DataType.DtInvalid, string op = "tf.constant")
    {
        if (value is null)
            throw new ValueError($"{op}: None values not supported. - help: pass a number, an array or an NDArray.");
        if (value is NDArray nd) return dtype == TF_DataType.DtInvalid || dtype == nd.dtype ? nd : Cast(nd, dtype, op);
        if (value is Shape s) value = s.dims;

        var dims = new List<long>();
        var leaves = new List<object>();
        Kind kind = Kind.None;
        Collect(value, 0, dims, leaves, ref kind, op);

        var natural = kind switch
        {
            Kind.Bool => TF_DataType.TF_BOOL,
            Kind.Byte => TF_DataType.TF_UINT8,
            Kind.Int => rules == Rules.TensorFlow ? TF_DataType.TF_INT32 : TF_DataType.TF_INT64,
            Kind.Long => TF_DataType.TF_INT64,
            Kind.Float => TF_DataType.TF_FLOAT,
            Kind.Double => rules == Rules.TensorFlow ? TF_DataType.TF_FLOAT : TF_DataType.TF_DOUBLE,
            Kind.String => TF_DataType.TF_STRING,
            // An empty list: TF makes float32, numpy float64.
            _ => rules == Rules.TensorFlow ? TF_DataType.TF_FLOAT : TF_DataType.TF_DOUBLE,
        };
        var target = dtype == TF_DataType.DtInvalid ? natural : dtype;
        if ((kind == Kind.String) != (target == TF_DataType.TF_STRING) && kind != Kind.None)
            throw new TypeError($"{op}: expected {target.as_numpy_name()}, got {(kind == Kind.String ? "strings" : "numbers")} instead. - help: strings make string tensors (tf.string); numbers make numeric ones.");
        // TF 1.x's _AssertCompatible (tensor_util.py): a float literal never converts to an integer dtype, not even 2.0
        // (int32_tensor + 2.0 is a TypeError); numpy arrays and NDArrays given whole are cast (astype), as TF does.
        if (rules == Rules.TensorFlow && target.is_integer() && (kind is Kind.Float or Kind.Double))
        {
            double d = System.Convert.ToDouble(leaves.First(l => l is float or double), System.Globalization.CultureInfo.InvariantCulture);
            throw new TypeError($"{op}: expected {target.as_numpy_name()}, got {d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} of type 'float' instead. - help: write the number as an int (2, not 2.0), or tf.cast the tensor to a float dtype.");
        }
        if (target.is_integer() && (kind is Kind.Float or Kind.Double))
        {
            foreach (var leaf in leaves)
            {
                double d = System.Convert.ToDouble(leaf, System.Globalization.CultureInfo.InvariantCulture);
                if (d != Math.Floor(d))
                    throw new TypeError($"{op}: expected {target.as_numpy_name()}, got {d.ToString(System.Globalization.CultureInfo.InvariantCulture)} of type 'float' instead. - help: use tf.cast to convert floats to integers.");
            }
        }
        return Build(leaves, dims.ToArray(), target);
    }

    private static void Collect(object value, int depth, List<long> dims, List<object> leaves, ref Kind kind, string op)
    {
        switch (value)
        {
            case bool: Merge(ref kind, Kind.Bool, op); leaves.Add(value); SetLeafDepth(depth, dims, op); return;
            // TF's string tensors hold bytes: a C# string is its UTF-8 encoding (Python's str is, too).
            case string text: Merge(ref kind, Kind.String, op); leaves.Add(System.Text.Encoding.UTF8.GetBytes(text)); SetLeafDepth(depth, dims, op); return;
            case int or short or sbyte: Merge(ref kind, Kind.Int, op); leaves.Add(value); SetLeafDepth(depth, dims, op); return;
            case byte: Merge(ref kind, Kind.Byte, op); leaves.Add(value); SetLeafDepth(depth, dims, op); return;
            case long: Merge(ref kind, Kind.Long, op); leaves.Add(value); SetLeafDepth(depth, dims, op); return;
            case float: Merge(ref kind, Kind.Float, op); leaves.Add(value); SetLeafDepth(depth, dims, op); return;
            case double or decimal: Merge(ref kind, Kind.Double, op); leaves.Add(System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)); SetLeafDepth(depth, dims, op); return;
            case NDArray nd:
                // A nested NDArray contributes its dims and values.
                MergeDims(depth, nd.Dims, dims, op);
                Merge(ref kind, nd.dtype switch
                {
                    TF_DataType.TF_BOOL => Kind.Bool,
                    TF_DataType.TF_FLOAT => Kind.Float,
                    TF_DataType.TF_DOUBLE => Kind.Double,
                    TF_DataType.TF_INT64 => Kind.Long,
                    TF_DataType.TF_UINT8 => Kind.Byte,
                    _ => Kind.Int,
                }, op);
                for (long i = 0; i < nd.size; i++) leaves.Add(nd.Storage.GetValue(i)!);
                return;
            case Array arr when arr.Rank > 1:
                // Rectangular C# arrays (double[,]): dims from the array, elements in row-major order.
                var md = new long[arr.Rank];
                for (int r = 0; r < arr.Rank; r++) md[r] = arr.GetLength(r);
                MergeDims(depth, md, dims, op);
                foreach (var x in arr) Collect(x!, depth + arr.Rank, dims, leaves, ref kind, op);
                return;
            case IEnumerable seq and not string:
                var items = seq.Cast<object>().ToList();
                if (dims.Count == depth) dims.Add(items.Count);
                else if (dims.Count > depth && dims[depth] != items.Count)
                    throw Ragged(op, depth, dims[depth], items.Count);
                else if (dims.Count < depth) throw Ragged(op, depth, -1, items.Count);
                foreach (var x in items) Collect(x, depth + 1, dims, leaves, ref kind, op);
                return;
            default:
                throw new TypeError($"{op}: cannot convert a value of type {value.GetType().Name} to a tensor. - help: pass numbers, arrays of numbers or an NDArray.");
        }
    }

    private static void SetLeafDepth(int depth, List<long> dims, string op)
    {
        // A number must sit at the innermost level: [[1, 2], 3] is ragged.
        if (dims.Count != depth) throw new ValueError($"{op}: ragged nested sequence: a number appears where a list of length {dims[depth]} was expected at depth {depth}. - help: every row must have the same length.");
    }

    private static void MergeDims(int depth, ReadOnlySpan<long> inner, List<long> dims, string op)
    {
        for (int k = 0; k < inner.Length; k++)
        {
            int level = depth + k;
            if (dims.Count == level) dims.Add(inner[k]);
            else if (dims[level] != inner[k]) throw Ragged(op, level, dims[level], inner[k]);
        }
    }

    private static ValueError Ragged(string op, int depth, long expected, long actual) => new(
        $"{op}: ragged nested sequence: at depth {depth} a row has {actual} items where {(expected < 0 ? "a number" : expected.ToString())} was expected. - help: every row must have the same length (TF and numpy need rectangular data).");

    private static void Merge(ref Kind kind, Kind next, string op)
    {
        if (kind == Kind.None || kind == next) { kind = next; return; }
        if (kind == Kind.String || next == Kind.String)
            throw new TypeError($"{op}: cannot mix strings and numbers in one tensor. - help: make one tensor of strings and one of numbers.");
        if (kind == Kind.Bool || next == Kind.Bool)
            throw new TypeError($"{op}: cannot mix booleans and numbers in one tensor. - help: convert the booleans with tf.cast first.");
        kind = (Kind)Math.Max((int)kind, (int)next);
    }

    private static NDArray Build(List<object> leaves, long[] dims, TF_DataType dtype)
    {
        int n = leaves.Count;
        Array storage = dtype switch
        {
            TF_DataType.TF_FLOAT => Fill(leaves, o => System.Convert.ToSingle(o, System.Globalization.CultureInfo.InvariantCulture)),
            TF_DataType.TF_DOUBLE => Fill(leaves, o => System.Convert.ToDouble(o, System.Globalization.CultureInfo.InvariantCulture)),
            TF_DataType.TF_INT32 => Fill(leaves, o => o is bool b ? (b ? 1 : 0) : checked((int)System.Convert.ToDouble(o, System.Globalization.CultureInfo.InvariantCulture))),
            TF_DataType.TF_INT64 => Fill(leaves, o => o is bool b ? (b ? 1L : 0L) : o is long l ? l : (long)System.Convert.ToDouble(o, System.Globalization.CultureInfo.InvariantCulture)),
            TF_DataType.TF_BOOL => Fill(leaves, o => System.Convert.ToBoolean(o, System.Globalization.CultureInfo.InvariantCulture)),
            TF_DataType.TF_UINT8 => Fill(leaves, o => System.Convert.ToByte(o, System.Globalization.CultureInfo.InvariantCulture)),
            TF_DataType.TF_INT16 => Fill(leaves, o => System.Convert.ToInt16(o, System.Globalization.CultureInfo.InvariantCulture)),
            TF_DataType.TF_INT8 => Fill(leaves, o => System.Convert.ToSByte(o, System.Globalization.CultureInfo.InvariantCulture)),
            TF_DataType.TF_STRING => Fill(leaves, o => (byte[])o),
            _ => throw new TypeError($"dtype {dtype.as_numpy_name()} is not supported."),
        };
        return new NDArray(storage, dims);
    }

    private static T[] Fill<T>(List<object> leaves, Func<object, T> f)
    {
        var a = new T[leaves.Count];
        for (int i = 0; i < a.Length; i++) a[i] = f(leaves[i]);
        return a;
    }

    /// <summary>numpy's astype: float to integer truncates toward zero; bool becomes 0/1.</summary>
    public static NDArray Cast(NDArray a, TF_DataType dtype, string op = "astype")
    {
        if (a.dtype == dtype) return a;
        long n = a.size;
        Array storage = dtype switch
        {
            TF_DataType.TF_FLOAT => a.ToArray<float>(),
            TF_DataType.TF_DOUBLE => a.ToArray<double>(),
            TF_DataType.TF_INT32 => a.ToArray<int>(),
            TF_DataType.TF_INT64 => a.ToArray<long>(),
            TF_DataType.TF_BOOL => a.ToArray<bool>(),
            TF_DataType.TF_UINT8 => a.ToArray<byte>(),
            TF_DataType.TF_INT16 => a.ToArray<short>(),
            TF_DataType.TF_INT8 => a.ToArray<sbyte>(),
            _ => throw new TypeError($"{op}: dtype {dtype.as_numpy_name()} is not supported."),
        };
        return new NDArray(storage, a.Dims.ToArray());
    }
}
