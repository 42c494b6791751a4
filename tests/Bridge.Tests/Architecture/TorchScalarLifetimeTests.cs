using System.Reflection;
using Bridge.Backend;
using Bridge.Backend.Torch;
using TorchSharp;
using static Bridge.Binding;

namespace Bridge.Tests.Architecture;

/// <summary>
/// TorchSharp's <c>Scalar</c> owns a native c10::Scalar and frees it in its finalizer, DisposeScope does not track
/// it, and TorchSharp's methods pass <c>scalar.Handle</c> to native code without keeping the Scalar alive. So a
/// Scalar made on the fly (an implicit conversion, <c>t.add(1)</c>, or the <c>alpha = 1</c> that <c>t.add(u)</c>
/// makes inside TorchSharp) can be finalized while libtorch reads it: bench deep's TorchSharp baseline died of
/// "Unknown scalar type" in <c>add_</c> one run in three, and a loop of <c>a.add(b)</c> beside a thread calling
/// <c>GC.Collect</c> fails about once in 400,000 calls. Bridge's code must therefore pass TorchSharp only Scalars
/// it keeps alive (<see cref="TorchScalars"/>): these tests read the compiled IL, so they see the hidden ones too.
/// </summary>
public class TorchScalarLifetimeTests
{
    private static readonly Assembly TorchSharpAssembly = typeof(Scalar).Assembly;
    private static readonly Dictionary<MethodBase, bool> HiddenScalarMemo = new();

    /// <summary>A method that hands its caller a new Scalar: TorchSharp's conversions, or any method of ours returning one.</summary>
    private static bool IsScalarMaker(MethodBase m) =>
        ReturnsScalar(m) && (m.Name == "op_Implicit" || m.Name == "ToScalar" || m.Module.Assembly != TorchSharpAssembly);

    private static bool ReturnsScalar(MethodBase m) => m is MethodInfo { ReturnType: var r } && r == typeof(Scalar);

    /// <summary>A Dispose call: a <c>using</c> compiles to IDisposable.Dispose, so any counts (a slight overcount).</summary>
    private static bool IsScalarDispose(MethodBase m) =>
        m.Name == "Dispose" && (m.DeclaringType == typeof(Scalar) || m.DeclaringType == typeof(IDisposable));

    /// <summary>
    /// A method that makes a Scalar it does not dispose (an implicit conversion, or ToScalar without a matching
    /// Dispose) while it calls native code: the Scalar's lifetime is then the GC's. Inside TorchSharp the question
    /// is followed through the calls it makes (add(Tensor) makes its alpha in add(Tensor, Scalar)'s caller).
    /// </summary>
    private static bool MakesUnkeptScalar(MethodBase method, bool followTorchSharp)
    {
        if (followTorchSharp && HiddenScalarMemo.TryGetValue(method, out var known)) return known;
        if (followTorchSharp) HiddenScalarMemo[method] = false; // a cycle counts as innocent until shown otherwise
        var calls = ILCalls.CalledBy(method).ToList();
        bool implicitConversion = calls.Any(c => IsScalarMaker(c) && c.Name == "op_Implicit");
        int made = calls.Count(c => IsScalarMaker(c) && c.Name != "op_Implicit"), disposed = calls.Count(IsScalarDispose);
        // A method that returns its Scalar hands the lifetime to its caller, who is checked in turn.
        bool result = !ReturnsScalar(method) && (implicitConversion || made > disposed)
            || followTorchSharp && calls.Any(c => c.Module.Assembly == TorchSharpAssembly && !IsScalarMaker(c) && c != method
                                                  && MakesUnkeptScalar(c, followTorchSharp: true));
        if (followTorchSharp) HiddenScalarMemo[method] = result;
        return result;
    }

    /// <summary>The Bridge methods that make an unkept Scalar themselves or call a TorchSharp method that does.</summary>
    private static List<string> Offenders(Assembly assembly, Func<Type, bool> scope)
    {
        var found = new List<string>();
        foreach (var type in assembly.GetTypes().Where(t => t.DeclaringType is null && scope(t)))
        foreach (var method in ILCalls.MethodsOf(type))
        {
            // A static field's Scalar lives as long as the process.
            if (method is ConstructorInfo { IsStatic: true } || method.DeclaringType == typeof(TorchScalars)) continue;
            var calls = ILCalls.CalledBy(method).ToList();
            if (MakesUnkeptScalar(method, followTorchSharp: false))
                found.Add($"{method.DeclaringType}.{method.Name}: makes a Scalar it does not dispose");
            foreach (var c in calls.Where(c => c.Module.Assembly == TorchSharpAssembly && !IsScalarMaker(c) && !IsScalarDispose(c)).Distinct())
                if (MakesUnkeptScalar(c, followTorchSharp: true))
                    found.Add($"{method.DeclaringType}.{method.Name}: calls {c.DeclaringType?.Name}.{c.Name}({string.Join(", ", c.GetParameters().Select(p => p.ParameterType.Name))}), which makes a Scalar of its own");
        }
        return found.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    [Test]
    public void TheLibtorchBackendPassesOnlyScalarsItKeepsAlive()
    {
        var found = Offenders(typeof(TorchKernels).Assembly, _ => true);
        Assert.That(found, Is.Empty, string.Join("\n", found) +
            "\n- help: pass a Scalar from TorchScalars (One, Zero, or TorchScalars.Of in a using), and the overloads " +
            "that take alpha explicitly (a.add(b, TorchScalars.One)).");
    }

    [Test]
    public void TheBenchBaselinesPassOnlyScalarsTheyKeepAlive()
    {
        var found = Offenders(typeof(Bridge.Cli.Program).Assembly, t => t.Namespace?.StartsWith("Bridge.Cli.Bench") == true);
        Assert.That(found, Is.Empty, string.Join("\n", found) + "\n- help: as the backend, through TorchScalars.");
    }

    [Test]
    public void TheScanSeesTorchSharpsHiddenAlpha()
    {
        // The scan is not vacuous: TorchSharp's one-operand add makes its alpha = 1 on the fly, the explicit one does not.
        var addOne = typeof(TorchSharp.torch.Tensor).GetMethod("add", [typeof(TorchSharp.torch.Tensor)])!;
        var addAlpha = typeof(TorchSharp.torch.Tensor).GetMethod("add", [typeof(TorchSharp.torch.Tensor), typeof(Scalar)])!;
        Assert.That(MakesUnkeptScalar(addOne, followTorchSharp: true), Is.True);
        Assert.That(MakesUnkeptScalar(addAlpha, followTorchSharp: true), Is.False);
        // An implicit conversion in our own code is seen, and a ToScalar in a using is not.
        Assert.That(MakesUnkeptScalar(typeof(Samples).GetMethod(nameof(Samples.Implicit))!, followTorchSharp: false), Is.True);
        Assert.That(MakesUnkeptScalar(typeof(Samples).GetMethod(nameof(Samples.Kept))!, followTorchSharp: false), Is.False);
    }

    [Test]
    public void TorchScalarsKeepTheirValues()
    {
        Assert.That(TorchScalars.One.ToDouble(), Is.EqualTo(1));
        Assert.That(TorchScalars.Zero.ToDouble(), Is.EqualTo(0));
        using var s = TorchScalars.Of(2.5);
        Assert.That(s.ToDouble(), Is.EqualTo(2.5));
    }

    [Test]
    public void AddAndSubOnTheLibtorchPlacementSurviveTheFinalizer()
    {
        // The race itself, 1000 runs: a thread collecting the youngest generation (where a call's temporary Scalar is)
        // and running finalizers while the torch placement adds and subtracts.
        // float64: float32's Add and Sub run as managed passes over the tensors' memory, float64's are libtorch's.
        var x = tf.placeholder(tf.float64, new Shape(64));
        var y = tf.add(x, tf.subtract(x, tf.constant(0.5, tf.float64)));
        var feed = np.array(Enumerable.Range(0, 64).Select(i => (double)i).ToArray());
        var saved = PlacementRule.Placement;
        PlacementRule.Placement = Placement.Torch;
        var stop = false;
        var collector = new Thread(() => { while (!Volatile.Read(ref stop)) { GC.Collect(0); GC.WaitForPendingFinalizers(); } }) { IsBackground = true };
        try
        {
            using var sess = tf.Session();
            collector.Start();
            for (int run = 0; run < 1000; run++)
            {
                var r = sess.run(y, (x, feed)).ToArray<double>();
                Assert.That(r[10], Is.EqualTo(19.5), $"run {run}");
            }
        }
        finally
        {
            Volatile.Write(ref stop, true);
            collector.Join();
            PlacementRule.Placement = saved;
        }
    }

    private static class Samples
    {
        public static void Implicit(TorchSharp.torch.Tensor t) => t.mul_(2.0);
        public static void Kept(TorchSharp.torch.Tensor t) { using var s = 2.0.ToScalar(); t.mul_(s); }
    }
}
