namespace Bridge;

/// <summary>Element types, numbered as TensorFlow's TF_DataType (and TensorFlow.NET's enum).</summary>
public enum TF_DataType
{
    DtInvalid = 0,
    TF_FLOAT = 1,
    TF_DOUBLE = 2,
    TF_INT32 = 3,
    TF_UINT8 = 4,
    TF_INT16 = 5,
    TF_INT8 = 6,
    TF_STRING = 7,
    TF_INT64 = 9,
    TF_BOOL = 10,
}

/// <summary>dtype helpers: numpy names, element sizes, kinds.</summary>
public static class DTypes
{
    /// <summary>The numpy name: float32, float64, int32, int64, bool, uint8, int16, int8.</summary>
    public static string as_numpy_name(this TF_DataType t) => t switch
    {
        TF_DataType.TF_FLOAT => "float32",
        TF_DataType.TF_DOUBLE => "float64",
        TF_DataType.TF_INT32 => "int32",
        TF_DataType.TF_INT64 => "int64",
        TF_DataType.TF_BOOL => "bool",
        TF_DataType.TF_UINT8 => "uint8",
        TF_DataType.TF_INT16 => "int16",
        TF_DataType.TF_INT8 => "int8",
        TF_DataType.TF_STRING => "string",
        _ => t.ToString(),
    };

    /// <summary>TF 1.x's name in error messages ("float" for float32, as TF prints it).</summary>
    internal static string TfName(this TF_DataType t) => t switch
    {
        TF_DataType.TF_FLOAT => "float",
        TF_DataType.TF_DOUBLE => "double",
        _ => t.as_numpy_name(),
    };

    public static bool is_floating(this TF_DataType t) => t is TF_DataType.TF_FLOAT or TF_DataType.TF_DOUBLE;

    public static bool is_integer(this TF_DataType t) =>
        t is TF_DataType.TF_INT32 or TF_DataType.TF_INT64 or TF_DataType.TF_UINT8 or TF_DataType.TF_INT16 or TF_DataType.TF_INT8;

    /// <summary>Parses the dtype strings TF 1.x accepts: "float" (= float32), "float32", "double", "int32", ...</summary>
    public static TF_DataType Parse(string name) => name switch
    {
        "float" or "float32" => TF_DataType.TF_FLOAT,
        "double" or "float64" => TF_DataType.TF_DOUBLE,
        "int32" or "int" => TF_DataType.TF_INT32,
        "int64" => TF_DataType.TF_INT64,
        "bool" => TF_DataType.TF_BOOL,
        "uint8" => TF_DataType.TF_UINT8,
        "int16" => TF_DataType.TF_INT16,
        "int8" => TF_DataType.TF_INT8,
        _ => throw new ValueError($"dtype: unknown dtype name '{name}'. - help: use \"float32\", \"float64\", \"int32\", \"int64\" or \"bool\", or tf.float32 and friends."),
    };

    /// <summary>The CLR element type used to store values of this dtype.</summary>
    internal static Type ClrType(this TF_DataType t) => t switch
    {
        TF_DataType.TF_FLOAT => typeof(float),
        TF_DataType.TF_DOUBLE => typeof(double),
        TF_DataType.TF_INT32 => typeof(int),
        TF_DataType.TF_INT64 => typeof(long),
        TF_DataType.TF_BOOL => typeof(bool),
        TF_DataType.TF_UINT8 => typeof(byte),
        TF_DataType.TF_INT16 => typeof(short),
        TF_DataType.TF_INT8 => typeof(sbyte),
        TF_DataType.TF_STRING => typeof(byte[]),
        _ => throw new ValueError($"dtype {t.as_numpy_name()} is not supported by Bridge. - help: use float32, float64, int32, int64 or bool."),
    };

    internal static TF_DataType FromClrType(Type t) =>
        t == typeof(float) ? TF_DataType.TF_FLOAT :
        t == typeof(double) ? TF_DataType.TF_DOUBLE :
        t == typeof(int) ? TF_DataType.TF_INT32 :
        t == typeof(long) ? TF_DataType.TF_INT64 :
        t == typeof(bool) ? TF_DataType.TF_BOOL :
        t == typeof(byte) ? TF_DataType.TF_UINT8 :
        t == typeof(short) ? TF_DataType.TF_INT16 :
        t == typeof(sbyte) ? TF_DataType.TF_INT8 :
        t == typeof(byte[]) ? TF_DataType.TF_STRING :
        TF_DataType.DtInvalid;
}
