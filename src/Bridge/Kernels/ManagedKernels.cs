namespace Bridge.Kernels;

/// <summary>
/// Kernels on managed arrays (NDArray): every op's reference kernel, and the fast path for small tensors: for a 4x10 matrix a libtorch call costs more than the
/// arithmetic, so the XOR and lab-07 graphs run here, several times faster. float32 follows TF 1.x's own
/// arithmetic (TfFloatMath, TfReduction, TfMatMul); + - * / of float32 are computed in float (IEEE single).
/// </summary>
internal static partial class ManagedKernels
{
    // Each op's kernel is its definition's Managed delegate (Ops/*.cs); these files hold the arithmetic they share.
}

/// <summary>The reductions the managed kernels compute.</summary>
internal enum Reduction { Sum, Mean, Max, Min, Prod, All, Any }
