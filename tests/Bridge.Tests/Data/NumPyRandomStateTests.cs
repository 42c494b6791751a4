namespace Bridge.Tests.Data;

/// <summary>numpy's legacy shuffle: the permutations numpy's own tests and users record for <c>np.random.seed(s); np.random.permutation(n)</c>.</summary>
public class NumPyRandomStateTests
{
    private static int[] Permutation(uint seed, int n)
    {
        var a = Enumerable.Range(0, n).ToArray();
        new NumPyRandomState(seed).Shuffle(a);
        return a;
    }

    [Test]
    public void MatchesNumPyPermutations()
    {
        Assert.That(Permutation(0, 10), Is.EqualTo(new[] { 2, 8, 4, 9, 1, 6, 7, 3, 0, 5 }));
        Assert.That(Permutation(1, 5), Is.EqualTo(new[] { 2, 1, 4, 0, 3 }));
        Assert.That(Permutation(42, 12), Is.EqualTo(new[] { 10, 9, 0, 8, 5, 2, 1, 11, 4, 7, 3, 6 }));
        Assert.That(Permutation(42, 100)[..8], Is.EqualTo(new[] { 83, 53, 70, 45, 44, 39, 22, 80 }));
        Assert.That(Permutation(3, 1000)[..8], Is.EqualTo(new[] { 642, 762, 909, 199, 586, 797, 652, 755 }));
    }

    [Test]
    public void Seed777Over55000()
    {
        // The labs' tf.set_random_seed(777) seeds numpy with 777; this is the head of the first epoch's order
        // (computed with CPython's reference MT19937 set to init_genrand(777) and the same rejection sampling).
        Assert.That(Permutation(777, 55000)[..10], Is.EqualTo(new[] { 984, 13827, 12923, 18421, 30078, 34981, 28326, 33050, 38085, 40595 }));
    }
}
