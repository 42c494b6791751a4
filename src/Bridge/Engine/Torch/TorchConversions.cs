using static TorchSharp.torch;
using TTensor = TorchSharp.torch.Tensor;

namespace Bridge;

// Copies between Bridge's NDArray and torch tensors, and dtype mapping.
internal sealed partial class TorchKernels
{
    public TTensor FromNDArray(NDArray v)
    {
        long[] dims = v.Dims.ToArray();
        return v.Storage switch
        {
            float[] a => tensor(a, dims),
            double[] a => tensor(a, dims),
            int[] a => tensor(a, dims),
            long[] a => tensor(a, dims),
            bool[] a => tensor(a, dims),
            byte[] a => tensor(a, dims),
            short[] a => tensor(a, dims),
            sbyte[] a => tensor(a, dims),
            _ => throw new TypeError($"dtype {v.dtype.as_numpy_name()} is not supported by the TorchSharp engine."),
        };
    }

    public NDArray ToNDArray(TTensor v)
    {
        var c = v.is_contiguous() ? v : v.contiguous();
        long[] dims = c.shape;
        Array data = c.dtype switch
        {
            ScalarType.Float32 => c.data<float>().ToArray(),
            ScalarType.Float64 => c.data<double>().ToArray(),
            ScalarType.Int32 => c.data<int>().ToArray(),
            ScalarType.Int64 => c.data<long>().ToArray(),
            ScalarType.Bool => c.data<bool>().ToArray(),
            ScalarType.Byte => c.data<byte>().ToArray(),
            ScalarType.Int16 => c.data<short>().ToArray(),
            ScalarType.Int8 => c.data<sbyte>().ToArray(),
            _ => throw new TypeError($"the engine produced an unsupported dtype {c.dtype}."),
        };
        return new NDArray(data, dims);
    }

    internal static ScalarType ScalarTypeOf(TF_DataType t) => t switch
    {
        TF_DataType.TF_FLOAT => ScalarType.Float32,
        TF_DataType.TF_DOUBLE => ScalarType.Float64,
        TF_DataType.TF_INT32 => ScalarType.Int32,
        TF_DataType.TF_INT64 => ScalarType.Int64,
        TF_DataType.TF_BOOL => ScalarType.Bool,
        TF_DataType.TF_UINT8 => ScalarType.Byte,
        TF_DataType.TF_INT16 => ScalarType.Int16,
        TF_DataType.TF_INT8 => ScalarType.Int8,
        _ => throw new TypeError($"dtype {t.as_numpy_name()} is not supported by the TorchSharp engine."),
    };
}
