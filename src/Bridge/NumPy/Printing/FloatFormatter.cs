namespace Bridge;

/// <summary>
/// numpy &gt;= 1.14's FloatingFormat in its default 'maxprec' mode: shortest round-trip digits (of the element's own
/// type) capped at <c>precision</c> fraction digits, positional unless the magnitudes span too much, padded so the
/// points line up.
/// </summary>
internal sealed class FloatFormatter : IElementFormatter
{
    private readonly NDArray _a;
    private readonly bool _single;
    private readonly int _precision;
    private readonly bool _exp;
    private readonly int _padLeft, _padRight, _expSize = -1;

    public FloatFormatter(NDArray a, long[] shown, PrintOptions o)
    {
        _a = a;
        _single = a.dtype == TF_DataType.TF_FLOAT;
        _precision = o.Precision;

        bool anyFinite = false, anyNonFinite = false, negInf = false;
        double max = 0, min = double.PositiveInfinity;
        foreach (var i in shown)
        {
            double v = a.GetDouble(i);
            if (!double.IsFinite(v))
            {
                anyNonFinite = true;
                if (double.IsNegativeInfinity(v)) negInf = true;
                continue;
            }
            anyFinite = true;
            double abs = Math.Abs(v);
            if (abs == 0) continue;
            if (abs > max) max = abs;
            if (abs < min) min = abs;
        }
        if (max > 0)
        {
            // numpy divides the two float32 scalars in float32 before comparing with 1000.
            double ratio = _single ? (float)max / (float)min : max / min;
            _exp = max >= 1e8 || (!o.Suppress && (min < 1e-4 || ratio > 1000));
        }

        if (!anyFinite)
        {
            _padLeft = 0;
            _padRight = 0;
        }
        else if (_exp)
        {
            // First pass: widest fraction and exponent among the shortest forms; all are then printed with that many digits.
            int frac = 0, intLen = 0, expLen = 0;
            foreach (var i in shown)
            {
                double v = a.GetDouble(i);
                if (!double.IsFinite(v)) continue;
                var d = FloatDigits.ShortestScientific(v, _single, _precision);
                frac = Math.Max(frac, d.SciFractionLength);
                intLen = Math.Max(intLen, d.Negative ? 2 : 1);
                int e = d.Digits == "0" ? 0 : Math.Abs(d.Exp);
                expLen = Math.Max(expLen, Math.Max(2, e.ToString(System.Globalization.CultureInfo.InvariantCulture).Length));
            }
            _precision = frac;
            _expSize = expLen;
            _padLeft = intLen;
            _padRight = _expSize + 2 + _precision;
        }
        else
        {
            int intLen = 0, frac = 0;
            foreach (var i in shown)
            {
                double v = a.GetDouble(i);
                if (!double.IsFinite(v)) continue;
                var d = FloatDigits.ShortestPositional(v, _single, _precision);
                intLen = Math.Max(intLen, (d.Negative ? 1 : 0) + Math.Max(1, d.Exp + 1));
                frac = Math.Max(frac, d.Digits == "0" ? 0 : d.FractionLength);
            }
            _padLeft = intLen;
            _padRight = frac;
        }

        if (anyNonFinite)
        {
            // Room for "nan" / "-inf" measured against the width of finite elements.
            int offset = _padRight + 1;
            _padLeft = Math.Max(_padLeft, Math.Max(3 - offset, 3 + (negInf ? 1 : 0) - offset));
        }
    }

    public string Format(long index)
    {
        double v = _a.GetDouble(index);
        if (!double.IsFinite(v))
        {
            string s = double.IsNaN(v) ? "nan" : v < 0 ? "-inf" : "inf";
            return s.PadLeft(_padLeft + _padRight + 1);
        }
        if (_exp)
        {
            var d = FloatDigits.Shortest(v, _single);
            // Fewer shortest digits than the common precision: numpy prints more exact digits, not zeros.
            if (d.SciFractionLength != _precision) d = FloatDigits.RoundSignificant(v, _precision);
            return d.Scientific(FloatTrim.Keep, _precision, _padLeft, _expSize);
        }
        return FloatDigits.ShortestPositional(v, _single, _precision).Positional(FloatTrim.Point, 0, _padLeft, _padRight);
    }
}
