using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Bridge.Kernels;

// The optimizers' update kernels: TF 1.x's training_ops.cc functors, element by element in the variable's dtype, with
// the operations in the order of TF's Eigen expressions (each intermediate rounded to T, no fused multiply-add).
// Eigen's rsqrt is computed as 1 / sqrt (both correctly rounded). Inputs are never mutated: each write is a new array.
internal static partial class ManagedKernels
{
    /// <summary>TF's ApplyGradientDescent: var - grad * alpha (the float32 loop is vectorised; each product rounded first).</summary>
    internal static NDArray ApplyGradientDescent(NDArray var, NDArray alpha, NDArray delta)
    {
        if (var.Storage is float[] v && delta.Storage is float[] g && v.Length == g.Length)
            return new NDArray(GradientStep(v, g, alpha.Scalar<float>()), var.Dims.ToArray());
        return TrainKernels.GradientDescent<double>(var, alpha, delta);
    }

    /// <summary>
    /// TF 1.x's ApplyAdam in float32 (inputs var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad): one
    /// vectorized pass over the four arrays (<see cref="AdamStep"/>: eight lanes, the scalar loop's operations in its
    /// order, so its bits: IEEE +, -, *, / and sqrt, no fused multiply-add).
    /// </summary>
    internal static NDArray[] ApplyAdam(NDArray[] x)
    {
        if (x[0].Storage is not float[] var || x[1].Storage is not float[] m || x[2].Storage is not float[] v || x[9].Storage is not float[] grad
            || m.Length != var.Length || v.Length != var.Length || grad.Length != var.Length)
            return TrainKernels.Adam<float>(x);
        float b1p = x[3].Scalar<float>(), b2p = x[4].Scalar<float>(), lr = x[5].Scalar<float>();
        float beta1 = x[6].Scalar<float>(), beta2 = x[7].Scalar<float>(), epsilon = x[8].Scalar<float>();
        float alpha = AdamAlpha(lr, b1p, b2p);
        var var2 = GC.AllocateUninitializedArray<float>(var.Length);
        var m2 = GC.AllocateUninitializedArray<float>(var.Length);
        var v2 = GC.AllocateUninitializedArray<float>(var.Length);
        AdamStep(var, m, v, grad, var2, m2, v2, alpha, 1f - beta1, 1f - beta2, epsilon);
        return [new NDArray(var2, x[0].Dims.ToArray()), new NDArray(m2, x[0].Dims.ToArray()), new NDArray(v2, x[0].Dims.ToArray())];
    }

    /// <summary>Adam's step size in float32: lr * sqrt(1 - beta2_power) / (1 - beta1_power), as TF's functor.</summary>
    internal static float AdamAlpha(float lr, float beta1Power, float beta2Power) => lr * MathF.Sqrt(1f - beta2Power) / (1f - beta1Power);

    /// <summary>
    /// ApplyAdam's element-wise pass over float32 spans (the managed arrays, or the engine's tensors' memory: one
    /// implementation, so both sides give the same bits): var2, m2, v2 from var, m, v and grad.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static void AdamStep(ReadOnlySpan<float> var, ReadOnlySpan<float> m, ReadOnlySpan<float> v, ReadOnlySpan<float> grad,
        Span<float> var2, Span<float> m2, Span<float> v2, float alpha, float c1, float c2, float epsilon)
    {
        int n = var.Length;
        if (m.Length != n || v.Length != n || grad.Length != n || var2.Length != n || m2.Length != n || v2.Length != n)
            throw new InvalidArgumentError($"ApplyAdam: var, m, v, grad must have one size, not {n}, {m.Length}, {v.Length}, {grad.Length}. - help: pass each variable's own slots and gradient.");
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(alpha);
            var vc1 = Vector256.Create(c1);
            var vc2 = Vector256.Create(c2);
            var ve = Vector256.Create(epsilon);
            ref float pg = ref MemoryMarshal.GetReference(grad), pm = ref MemoryMarshal.GetReference(m), pv = ref MemoryMarshal.GetReference(v);
            ref float px = ref MemoryMarshal.GetReference(var), qm = ref MemoryMarshal.GetReference(m2), qv = ref MemoryMarshal.GetReference(v2);
            ref float qx = ref MemoryMarshal.GetReference(var2);
            for (; i + 8 <= n; i += 8)
            {
                var at = (nuint)i;
                var g = Vector256.LoadUnsafe(ref pg, at);
                var mi = Vector256.LoadUnsafe(ref pm, at);
                var vi = Vector256.LoadUnsafe(ref pv, at);
                var mn = mi + (g - mi) * vc1;
                var vn = vi + (g * g - vi) * vc2;
                mn.StoreUnsafe(ref qm, at);
                vn.StoreUnsafe(ref qv, at);
                (Vector256.LoadUnsafe(ref px, at) - mn * va / (Vector256.Sqrt(vn) + ve)).StoreUnsafe(ref qx, at);
            }
        }
        for (; i < n; i++)
        {
            // m += (grad - m) * (1 - beta1); v += (grad.square() - v) * (1 - beta2); var -= (m * alpha) / (v.sqrt() + epsilon)
            m2[i] = m[i] + (grad[i] - m[i]) * c1;
            v2[i] = v[i] + (grad[i] * grad[i] - v[i]) * c2;
            var2[i] = var[i] - m2[i] * alpha / (MathF.Sqrt(v2[i]) + epsilon);
        }
    }
}

/// <summary>The Apply* kernels, generic over float32 and float64 (TF registers both on CPU).</summary>
internal static class TrainKernels
{
    private static T[] A<T>(NDArray a) => (T[])a.Storage;

    private static T S<T>(NDArray a) where T : unmanaged => a.Scalar<T>();

    private static NDArray Out<T>(T[] values, NDArray like) => new(values, like.Dims.ToArray());

    private static T Rsqrt<T>(T x) where T : IFloatingPointIeee754<T> => T.One / T.Sqrt(x);

    internal static NDArray GradientDescent<T>(NDArray var, NDArray alpha, NDArray delta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] v = A<T>(var), g = A<T>(delta);
        T lr = S<T>(alpha);
        var r = new T[v.Length];
        for (int i = 0; i < r.Length; i++) r[i] = v[i] - g[i] * lr;
        return Out(r, var);
    }

    /// <summary>ApplyMomentum(var, accum, lr, grad, momentum).</summary>
    internal static NDArray[] Momentum(NDArray[] x, bool nesterov) =>
        x[0].Storage is float[] ? Momentum<float>(x, nesterov) : Momentum<double>(x, nesterov);

    private static NDArray[] Momentum<T>(NDArray[] x, bool nesterov) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] var = A<T>(x[0]), accum = A<T>(x[1]), grad = A<T>(x[3]);
        T lr = S<T>(x[2]), momentum = S<T>(x[4]);
        var var2 = new T[var.Length];
        var accum2 = new T[var.Length];
        for (int i = 0; i < var.Length; i++)
        {
            // accum = accum * momentum + grad
            accum2[i] = accum[i] * momentum + grad[i];
            // nesterov: var -= grad * lr + accum * momentum * lr; else var -= accum * lr
            var2[i] = nesterov ? var[i] - (grad[i] * lr + accum2[i] * momentum * lr) : var[i] - accum2[i] * lr;
        }
        return [Out(var2, x[0]), Out(accum2, x[0])];
    }

    /// <summary>ApplyAdagrad(var, accum, lr, grad).</summary>
    internal static NDArray[] Adagrad(NDArray[] x) => x[0].Storage is float[] ? Adagrad<float>(x) : Adagrad<double>(x);

    private static NDArray[] Adagrad<T>(NDArray[] x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] var = A<T>(x[0]), accum = A<T>(x[1]), grad = A<T>(x[3]);
        T lr = S<T>(x[2]);
        var var2 = new T[var.Length];
        var accum2 = new T[var.Length];
        for (int i = 0; i < var.Length; i++)
        {
            // accum += grad.square(); var -= grad * lr * accum.rsqrt()
            accum2[i] = accum[i] + grad[i] * grad[i];
            var2[i] = var[i] - grad[i] * lr * Rsqrt(accum2[i]);
        }
        return [Out(var2, x[0]), Out(accum2, x[0])];
    }

    /// <summary>ApplyRMSProp(var, ms, mom, lr, rho, momentum, epsilon, grad).</summary>
    internal static NDArray[] RMSProp(NDArray[] x) => x[0].Storage is float[] ? RMSProp<float>(x) : RMSProp<double>(x);

    private static NDArray[] RMSProp<T>(NDArray[] x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] var = A<T>(x[0]), ms = A<T>(x[1]), mom = A<T>(x[2]), grad = A<T>(x[7]);
        T lr = S<T>(x[3]), rho = S<T>(x[4]), momentum = S<T>(x[5]), epsilon = S<T>(x[6]);
        T oneMinusRho = T.One - rho;
        var var2 = new T[var.Length];
        var ms2 = new T[var.Length];
        var mom2 = new T[var.Length];
        for (int i = 0; i < var.Length; i++)
        {
            // ms += (grad.square() - ms) * (1 - rho); mom = mom * momentum + (grad * lr) / (ms + epsilon).sqrt(); var -= mom
            ms2[i] = ms[i] + (grad[i] * grad[i] - ms[i]) * oneMinusRho;
            mom2[i] = mom[i] * momentum + grad[i] * lr / T.Sqrt(ms2[i] + epsilon);
            var2[i] = var[i] - mom2[i];
        }
        return [Out(var2, x[0]), Out(ms2, x[0]), Out(mom2, x[0])];
    }

    /// <summary>ApplyCenteredRMSProp(var, mg, ms, mom, lr, rho, momentum, epsilon, grad).</summary>
    internal static NDArray[] CenteredRMSProp(NDArray[] x) => x[0].Storage is float[] ? CenteredRMSProp<float>(x) : CenteredRMSProp<double>(x);

    private static NDArray[] CenteredRMSProp<T>(NDArray[] x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] var = A<T>(x[0]), mg = A<T>(x[1]), ms = A<T>(x[2]), mom = A<T>(x[3]), grad = A<T>(x[8]);
        T lr = S<T>(x[4]), rho = S<T>(x[5]), momentum = S<T>(x[6]), epsilon = S<T>(x[7]);
        T oneMinusRho = T.One - rho;
        var var2 = new T[var.Length];
        var mg2 = new T[var.Length];
        var ms2 = new T[var.Length];
        var mom2 = new T[var.Length];
        for (int i = 0; i < var.Length; i++)
        {
            // ms += (grad.square() - ms) * (1 - rho); mg += (grad - mg) * (1 - rho);
            // denom = (ms - mg.square()) + epsilon; mom = mom * momentum + (grad * lr) / denom.sqrt(); var -= mom
            ms2[i] = ms[i] + (grad[i] * grad[i] - ms[i]) * oneMinusRho;
            mg2[i] = mg[i] + (grad[i] - mg[i]) * oneMinusRho;
            T denom = ms2[i] - mg2[i] * mg2[i] + epsilon;
            mom2[i] = mom[i] * momentum + grad[i] * lr / T.Sqrt(denom);
            var2[i] = var[i] - mom2[i];
        }
        return [Out(var2, x[0]), Out(mg2, x[0]), Out(ms2, x[0]), Out(mom2, x[0])];
    }

    /// <summary>ApplyAdadelta(var, accum, accum_update, lr, rho, epsilon, grad), in TF 1.0's order.</summary>
    internal static NDArray[] Adadelta(NDArray[] x) => x[0].Storage is float[] ? Adadelta<float>(x) : Adadelta<double>(x);

    private static NDArray[] Adadelta<T>(NDArray[] x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] var = A<T>(x[0]), accum = A<T>(x[1]), accumUpdate = A<T>(x[2]), grad = A<T>(x[6]);
        T lr = S<T>(x[3]), rho = S<T>(x[4]), epsilon = S<T>(x[5]);
        T oneMinusRho = T.One - rho;
        var var2 = new T[var.Length];
        var accum2 = new T[var.Length];
        var update2 = new T[var.Length];
        for (int i = 0; i < var.Length; i++)
        {
            // accum = accum * rho + grad.square() * (1 - rho)
            accum2[i] = accum[i] * rho + grad[i] * grad[i] * oneMinusRho;
            // update = (accum_update + epsilon).sqrt() * (accum + epsilon).rsqrt() * grad (a lazy Eigen expression)
            T update = T.Sqrt(accumUpdate[i] + epsilon) * Rsqrt(accum2[i] + epsilon) * grad[i];
            // accum_update = accum_update * rho + update.square() * (1 - rho)
            update2[i] = accumUpdate[i] * rho + update * update * oneMinusRho;
            // var -= update * lr: TF 1.0 evaluates update again, now reading the new accum_update.
            T again = T.Sqrt(update2[i] + epsilon) * Rsqrt(accum2[i] + epsilon) * grad[i];
            var2[i] = var[i] - again * lr;
        }
        return [Out(var2, x[0]), Out(accum2, x[0]), Out(update2, x[0])];
    }

    /// <summary>ApplyAdam(var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad).</summary>
    internal static NDArray[] Adam<T>(NDArray[] x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] var = A<T>(x[0]), m = A<T>(x[1]), v = A<T>(x[2]), grad = A<T>(x[9]);
        T b1p = S<T>(x[3]), b2p = S<T>(x[4]), lr = S<T>(x[5]), beta1 = S<T>(x[6]), beta2 = S<T>(x[7]), epsilon = S<T>(x[8]);
        // alpha = lr * sqrt(1 - beta2_power) / (1 - beta1_power)
        T alpha = lr * T.Sqrt(T.One - b2p) / (T.One - b1p);
        T c1 = T.One - beta1, c2 = T.One - beta2;
        var m2 = new T[m.Length];
        var v2 = new T[v.Length];
        var var2 = new T[var.Length];
        for (int i = 0; i < var.Length; i++)
        {
            // m += (grad - m) * (1 - beta1); v += (grad.square() - v) * (1 - beta2); var -= (m * alpha) / (v.sqrt() + epsilon)
            m2[i] = m[i] + (grad[i] - m[i]) * c1;
            v2[i] = v[i] + (grad[i] * grad[i] - v[i]) * c2;
            var2[i] = var[i] - m2[i] * alpha / (T.Sqrt(v2[i]) + epsilon);
        }
        return [Out(var2, x[0]), Out(m2, x[0]), Out(v2, x[0])];
    }
}
