using System.Globalization;
using System.Text;

namespace Bridge.Kernels;

/// <summary>TF 1.0's DecodeCSV kernel (decode_csv_op.cc): field extraction, defaults and number parsing, on bytes.</summary>
internal static class Csv
{
    public static NDArray[] Decode(Operation op, NDArray[] x)
    {
        var delimText = ((CsvAttr)op.Attr!).FieldDelim;
        var delimBytes = Encoding.UTF8.GetBytes(delimText);
        if (delimBytes.Length != 1)
            throw new InvalidArgumentError($"field_delim should be only 1 char (tf.decode_csv '{op.name}' got {PyFormat.Quote(delimText)}). - help: pass one character, e.g. field_delim: \",\".");
        byte delim = delimBytes[0];
        var records = x[0].Data<byte[]>();
        int columns = x.Length - 1;
        for (int i = 0; i < columns; i++)
            if (x[i + 1].size >= 2)
                throw new InvalidArgumentError($"There should only be 1 default per field but field {i} has {x[i + 1].size}");
        var outputs = new Array[columns];
        for (int f = 0; f < columns; f++)
            outputs[f] = x[f + 1].dtype switch
            {
                TF_DataType.TF_FLOAT => new float[records.Length],
                TF_DataType.TF_INT32 => new int[records.Length],
                TF_DataType.TF_INT64 => new long[records.Length],
                _ => new byte[records.Length][],
            };
        for (int i = 0; i < records.Length; i++)
        {
            var fields = ExtractFields(records[i], delim);
            if (fields.Count != columns)
                throw new InvalidArgumentError($"Expect {columns} fields but have {fields.Count} in record {i}");
            for (int f = 0; f < columns; f++)
            {
                var field = fields[f];
                var dflt = x[f + 1];
                if (field.Length == 0)
                {
                    if (dflt.size != 1) throw new InvalidArgumentError($"Field {f} is required but missing in record {i}!");
                    Array.Copy(dflt.Storage, 0, outputs[f], i, 1);
                    continue;
                }
                string Text() => Encoding.UTF8.GetString(field);
                switch (outputs[f])
                {
                    case float[] o:
                        if (!SafeStrtof(field, out o[i])) throw new InvalidArgumentError($"Field {f} in record {i} is not a valid float: {Text()}");
                        break;
                    case int[] o:
                        if (!SafeStrtoInt(field, int.MaxValue, out long v32)) throw new InvalidArgumentError($"Field {f} in record {i} is not a valid int32: {Text()}");
                        o[i] = (int)v32;
                        break;
                    case long[] o:
                        if (!SafeStrtoInt(field, long.MaxValue, out o[i])) throw new InvalidArgumentError($"Field {f} in record {i} is not a valid int64: {Text()}");
                        break;
                    case byte[][] o:
                        o[i] = field;
                        break;
                }
            }
        }
        var dims = x[0].Dims.ToArray();
        return outputs.Select(o => new NDArray(o, dims)).ToArray();
    }

    /// <summary>TF 1.0's ExtractFields: quoted fields ("" escapes a quote), CR/LF between fields skipped, a trailing delimiter adds an empty field.</summary>
    internal static List<byte[]> ExtractFields(byte[] input, byte delim)
    {
        var result = new List<byte[]>();
        if (input.Length == 0) return result;
        int i = 0;
        while (i < input.Length)
        {
            if (input[i] is (byte)'\n' or (byte)'\r') { i++; continue; }
            var field = new List<byte>();
            if (input[i] != (byte)'"')
            {
                while (i < input.Length && input[i] != delim)
                {
                    if (input[i] is (byte)'"' or (byte)'\n' or (byte)'\r')
                        throw new InvalidArgumentError("Unquoted fields cannot have quotes/CRLFs inside");
                    field.Add(input[i++]);
                }
                i++;
            }
            else
            {
                i++;
                while (i < input.Length - 1 && (input[i] != (byte)'"' || input[i + 1] != delim))
                {
                    if (input[i] != (byte)'"') field.Add(input[i++]);
                    else
                    {
                        if (input[i + 1] != (byte)'"') throw new InvalidArgumentError("Quote inside a string has to be escaped by another quote");
                        field.Add((byte)'"');
                        i += 2;
                    }
                }
                if (!(i < input.Length && input[i] == (byte)'"' && (i == input.Length - 1 || input[i + 1] == delim)))
                    throw new InvalidArgumentError("Quoted field has to end with quote followed by delim or end");
                i += 2;
            }
            result.Add(field.ToArray());
        }
        if (input[^1] == delim) result.Add([]);
        return result;
    }

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    /// <summary>
    /// TF's safe_strtof: C's strtof (leading spaces, sign, decimal or hex digits, inf/infinity/nan; correctly rounded to
    /// float32; out of range gives +-inf), then only spaces may follow. As in TF 1.0, a field of spaces reads as 0.
    /// </summary>
    internal static bool SafeStrtof(byte[] s, out float value)
    {
        value = 0;
        int i = 0;
        while (i < s.Length && IsSpace(s[i])) i++;
        int start = i;
        int end = StrtodPrefix(s, i);
        if (end > start)
        {
            var text = Encoding.ASCII.GetString(s, start, end - start);
            var lower = text.ToLowerInvariant();
            bool neg = lower.StartsWith('-');
            var body = lower.TrimStart('+', '-');
            if (body.StartsWith("inf")) value = neg ? float.NegativeInfinity : float.PositiveInfinity;
            else if (body.StartsWith("nan")) value = float.NaN;
            else if (body.StartsWith("0x"))
            {
                if (!PyText.TryFromHex(text, out double d)) return false;
                value = (float)d;
            }
            else value = float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        // Nothing parsed: strtof's end pointer is the string's start, so only a field of spaces passes (as 0).
        int j = end > start ? end : 0;
        while (j < s.Length && IsSpace(s[j])) j++;
        return s.Length > 0 && j == s.Length;
    }

    // The length of the longest prefix from i that C's strtod accepts (i if none).
    private static int StrtodPrefix(byte[] s, int i)
    {
        int p = i;
        if (p < s.Length && s[p] is (byte)'+' or (byte)'-') p++;
        bool Word(string w, ref int q)
        {
            if (q + w.Length > s.Length) return false;
            for (int k = 0; k < w.Length; k++)
                if (char.ToLowerInvariant((char)s[q + k]) != w[k]) return false;
            q += w.Length;
            return true;
        }
        int t = p;
        if (Word("infinity", ref t)) return t;
        t = p;
        if (Word("inf", ref t)) return t;
        t = p;
        if (Word("nan", ref t)) return t;
        bool hex = p + 1 < s.Length && s[p] == (byte)'0' && (s[p + 1] | 0x20) == (byte)'x';
        Func<byte, bool> digit = hex ? c => Uri.IsHexDigit((char)c) : c => c is >= (byte)'0' and <= (byte)'9';
        int q0 = hex ? p + 2 : p, q1 = q0;
        int digits = 0;
        while (q1 < s.Length && digit(s[q1])) { q1++; digits++; }
        if (q1 < s.Length && s[q1] == (byte)'.')
        {
            q1++;
            while (q1 < s.Length && digit(s[q1])) { q1++; digits++; }
        }
        if (digits == 0) return hex ? p + 1 : i; // "0x" alone: strtod reads the "0"
        int e = q1;
        if (e < s.Length && (s[e] | 0x20) == (hex ? (byte)'p' : (byte)'e'))
        {
            e++;
            if (e < s.Length && s[e] is (byte)'+' or (byte)'-') e++;
            int ed = e;
            while (e < s.Length && s[e] is >= (byte)'0' and <= (byte)'9') e++;
            if (e > ed) q1 = e;
        }
        return q1;
    }

    /// <summary>TF's safe_strto32/64: spaces, an optional '-', digits within range, spaces; nothing else.</summary>
    internal static bool SafeStrtoInt(byte[] s, long max, out long value)
    {
        value = 0;
        int i = 0;
        while (i < s.Length && IsSpace(s[i])) i++;
        bool neg = false;
        if (i < s.Length && s[i] == (byte)'-') { neg = true; i++; }
        if (i >= s.Length || s[i] is < (byte)'0' or > (byte)'9') return false;
        ulong vmax = (ulong)max + (neg ? 1UL : 0UL), result = 0;
        while (i < s.Length && s[i] is >= (byte)'0' and <= (byte)'9')
        {
            ulong d = (ulong)(s[i] - '0');
            if (result > (vmax - d) / 10) return false;
            result = result * 10 + d;
            i++;
        }
        while (i < s.Length && IsSpace(s[i])) i++;
        if (i != s.Length) return false;
        value = neg ? (long)(0UL - result) : (long)result;
        return true;
    }
}
