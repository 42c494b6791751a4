namespace Bridge;

/// <summary>
/// numpy's legacy <c>RandomState</c> (MT19937), only as far as <c>numpy.random.shuffle</c> of a 1-d array needs it.
/// TF 1.x's MNIST DataSet shuffled with numpy's global generator, seeded from the TF seeds; drawing the same
/// 32-bit words and rejecting them the same way gives the same permutations, hence the same batches.
/// </summary>
internal sealed class NumPyRandomState
{
    private const int N = 624, M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _index;

    /// <summary><c>numpy.random.seed(seed)</c> for an integer seed (MT19937's init_genrand).</summary>
    public NumPyRandomState(uint seed)
    {
        _mt[0] = seed;
        for (var i = 1; i < N; i++)
            _mt[i] = 1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i;
        _index = N;
    }

    /// <summary>A generator seeded from the OS, as <c>numpy.random.seed(None)</c>.</summary>
    public static NumPyRandomState FromEntropy() => new((uint)System.Random.Shared.NextInt64(0, 1L << 32));

    /// <summary>MT19937's genrand_int32: the next 32-bit word.</summary>
    public uint NextUInt32()
    {
        if (_index >= N) Twist();
        var y = _mt[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    private void Twist()
    {
        for (var i = 0; i < N; i++)
        {
            var y = (_mt[i] & 0x80000000u) | (_mt[(i + 1) % N] & 0x7fffffffu);
            _mt[i] = _mt[(i + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0u);
        }
        _index = 0;
    }

    /// <summary>
    /// A uniform integer in [0, max], as numpy's legacy <c>random_interval</c>: mask a 32-bit word to the
    /// smallest all-ones mask covering max and reject values above max (not a modulo, which would change the draws).
    /// </summary>
    public uint Interval(uint max)
    {
        if (max == 0) return 0;
        var mask = max;
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16;
        uint value;
        while ((value = NextUInt32() & mask) > max) { }
        return value;
    }

    /// <summary><c>numpy.random.shuffle(a)</c> of a 1-d array: Fisher-Yates from the end, with numpy's draws.</summary>
    public void Shuffle(int[] a)
    {
        for (var i = a.Length - 1; i >= 1; i--)
        {
            var j = (int)Interval((uint)i);
            (a[i], a[j]) = (a[j], a[i]);
        }
    }
}
