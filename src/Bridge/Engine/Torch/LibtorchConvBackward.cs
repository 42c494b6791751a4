using System.Runtime.InteropServices;
using TorchSharp;
using TTensor = TorchSharp.torch.Tensor;

namespace Bridge.Backend.Torch;

/// <summary>
/// libtorch's own convolution backward (<c>at::convolution_backward</c>: the kernel PyTorch's autograd runs for
/// conv2d, oneDNN's backward-data and backward-weights passes on the CPU), which TorchSharp 0.107 does not expose.
/// Without it the filter's gradient costs a forward convolution of its own (autograd) or a convolution with the batch
/// as channels (slow in oneDNN: 30 to 55 ms a call at lab 11's sizes where this takes 4 to 17 ms).
/// <para>
/// The binding: the exported C++ function <c>at::compositeexplicitautograd::convolution_backward</c> (plain
/// <c>long</c> sizes, no SymInt), called through its mangled name from the libtorch_cpu.so already mapped into the
/// process (never a second copy), with the System V x86-64 calling convention spelled out: the returned
/// <c>std::tuple&lt;Tensor, Tensor, Tensor&gt;</c> is written through a hidden first pointer (libstdc++ lays a tuple out
/// last element first), a <c>Tensor const&amp;</c> is TorchSharp's handle (a pointer to an <c>at::Tensor</c>),
/// <c>ArrayRef&lt;long&gt;</c> is (pointer, length) by value, <c>OptionalArrayRef</c> an ArrayRef and a flag,
/// <c>std::array&lt;bool, 3&gt;</c> three bytes. A result tensor is moved (its one pointer) into a fresh cell that
/// TorchSharp then owns and frees; a masked-off result is libtorch's undefined-tensor singleton, which owns nothing.
/// A C++ exception cannot cross this call (it would end the process), so callers pass only what libtorch accepts:
/// CPU float32/float64 4-D tensors of matching, non-empty shapes (checked by ConvOps.Geometry), strides and dilations
/// at least 1, symmetric non-negative padding. Linux x64 only; anywhere else, when the symbols are missing (another
/// libtorch), or with BRIDGE_NO_CONV_BACKWARD=1, <see cref="Available"/> is false and the kernels compute without it
/// (a transposed convolution for the input's gradient, a convolution with the batch as channels for the filter's).
/// </para>
/// </summary>
internal static unsafe class LibtorchConvBackward
{
    private const string ConvolutionBackward =
        "_ZN2at25compositeexplicitautograd20convolution_backwardERKNS_6TensorES3_S3_N3c1016OptionalArrayRefIlEENS4_8ArrayRefIlEES8_S8_bS8_lSt5arrayIbLm3EE";
    private const string UndefinedSingleton = "_ZN3c1019UndefinedTensorImpl10_singletonE";

    [StructLayout(LayoutKind.Sequential)]
    private struct ArrayRef { public long* Data; public long Length; }

    [StructLayout(LayoutKind.Sequential)]
    private struct OptionalArrayRef { public long* Data; public long Length; public byte Engaged; }

    [StructLayout(LayoutKind.Sequential)]
    private struct Mask { public byte Input, Weight, Bias; }

    // std::tuple<Tensor, Tensor, Tensor> in libstdc++'s layout: element 2 first, element 0 last.
    [StructLayout(LayoutKind.Sequential)]
    private struct Results { public IntPtr Bias, Weight, Input; }

    private static readonly delegate* unmanaged<Results*, IntPtr, IntPtr, IntPtr, OptionalArrayRef, ArrayRef, ArrayRef, ArrayRef, byte, ArrayRef, long, Mask, void> Function;
    private static readonly IntPtr Undefined;

    /// <summary>Whether libtorch's convolution backward can be called in this process.</summary>
    public static bool Available => Function != null;

    static LibtorchConvBackward()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64
            || Environment.GetEnvironmentVariable("BRIDGE_NO_CONV_BACKWARD") == "1") return;
        try
        {
            _ = torch.get_num_threads(); // TorchSharp has loaded its libtorch
            var (cpu, c10) = (Mapped("libtorch_cpu.so"), Mapped("libc10.so"));
            if (cpu is null || c10 is null) return;
            if (!NativeLibrary.TryGetExport(NativeLibrary.Load(cpu), ConvolutionBackward, out var f)) return;
            if (!NativeLibrary.TryGetExport(NativeLibrary.Load(c10), UndefinedSingleton, out var u)) return;
            Undefined = u;
            Function = (delegate* unmanaged<Results*, IntPtr, IntPtr, IntPtr, OptionalArrayRef, ArrayRef, ArrayRef, ArrayRef, byte, ArrayRef, long, Mask, void>)f;
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException or IOException or UnauthorizedAccessException or EntryPointNotFoundException)
        {
            Function = null;
        }
    }

    // The full path of a library this process has mapped (the one TorchSharp loaded), from /proc/self/maps.
    private static string? Mapped(string name)
    {
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            int slash = line.IndexOf('/');
            if (slash >= 0 && line.EndsWith("/" + name, StringComparison.Ordinal)) return line[slash..];
        }
        return null;
    }

    /// <summary>
    /// The gradients of conv2d(input, weight) (NCHW views, OIHW weight; any strides) for the output gradient
    /// <paramref name="dy"/>: the input's when <paramref name="wantInput"/>, the weight's when <paramref name="wantWeight"/>
    /// (null otherwise). <paramref name="padding"/> is symmetric: its rows above and below, its columns left and right.
    /// Only the input's shape is read when its values are not needed (just the input's gradient), only the weight's
    /// shape when just the weight's gradient is wanted.
    /// </summary>
    public static (TTensor? dInput, TTensor? dWeight) Gradients(TTensor dy, TTensor input, TTensor weight,
        (long rows, long cols) stride, (long rows, long cols) padding, (long rows, long cols) dilation, bool wantInput, bool wantWeight)
    {
        if (!Available) throw new InvalidOperationException("libtorch's convolution_backward is not available");
        if (dy.dim() != 4 || input.dim() != 4 || weight.dim() != 4 || dy.numel() == 0 || input.numel() == 0 || weight.numel() == 0
            || input.dtype != weight.dtype || dy.dtype != input.dtype || input.dtype is not (torch.ScalarType.Float32 or torch.ScalarType.Float64)
            || stride.rows < 1 || stride.cols < 1 || dilation.rows < 1 || dilation.cols < 1 || padding.rows < 0 || padding.cols < 0
            || weight.shape[1] != input.shape[1] || dy.shape[1] != weight.shape[0] || dy.shape[0] != input.shape[0])
            throw new ArgumentException("convolution_backward: operands libtorch would reject");
        long* s = stackalloc long[] { stride.rows, stride.cols };
        long* p = stackalloc long[] { padding.rows, padding.cols };
        long* d = stackalloc long[] { dilation.rows, dilation.cols };
        long* o = stackalloc long[] { 0, 0 };
        Results r;
        Function(&r, dy.Handle, input.Handle, weight.Handle, default, new ArrayRef { Data = s, Length = 2 }, new ArrayRef { Data = p, Length = 2 },
            new ArrayRef { Data = d, Length = 2 }, 0, new ArrayRef { Data = o, Length = 2 }, 1,
            new Mask { Input = (byte)(wantInput ? 1 : 0), Weight = (byte)(wantWeight ? 1 : 0), Bias = 0 });
        GC.KeepAlive(dy);
        GC.KeepAlive(input);
        GC.KeepAlive(weight);
        var dInput = Own(r.Input);
        var dWeight = Own(r.Weight);
        Own(r.Bias)?.Dispose();
        return (dInput, dWeight);
    }

    // A returned at::Tensor (its intrusive pointer) moved into a malloc'ed cell TorchSharp deletes when disposed.
    private static TTensor? Own(IntPtr impl)
    {
        if (impl == Undefined || impl == IntPtr.Zero) return null;
        var cell = (IntPtr*)NativeMemory.Alloc((nuint)sizeof(IntPtr));
        *cell = impl;
        return TTensor.UnsafeCreateTensor((IntPtr)cell);
    }
}
