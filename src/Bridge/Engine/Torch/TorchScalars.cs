using TorchSharp;

namespace Bridge.Backend.Torch;

/// <summary>
/// The Scalars Bridge hands TorchSharp, alive for as long as libtorch reads them. TorchSharp's Scalar frees its
/// native c10::Scalar in a finalizer, DisposeScope does not track it, and TorchSharp passes <c>scalar.Handle</c> to
/// native code without keeping the Scalar reachable: a Scalar made on the fly (an implicit conversion such as
/// <c>t.mul(2.0)</c>, or the <c>alpha = 1</c> that <c>t.add(u)</c> and <c>t.sub(u)</c> make inside TorchSharp) can
/// be finalized while libtorch reads it, which ends in "Unknown scalar type" or in another value read in its place.
/// So the backend passes <see cref="One"/> and <see cref="Zero"/> (static: never collected), or a Scalar of
/// <see cref="Of(double)"/> in a <c>using</c>, and calls the overloads that take alpha explicitly.
/// <c>TorchScalarLifetimeTests</c> reads the compiled IL to hold every caller to that.
/// </summary>
internal static class TorchScalars
{
    /// <summary>1, the alpha of a plain add or sub.</summary>
    internal static readonly Scalar One = 1.ToScalar();

    /// <summary>0.</summary>
    internal static readonly Scalar Zero = 0.ToScalar();

    /// <summary>A Scalar the caller disposes (<c>using var s = TorchScalars.Of(v)</c>) after the call that reads it.</summary>
    internal static Scalar Of(double value) => value.ToScalar();

    /// <inheritdoc cref="Of(double)"/>
    internal static Scalar Of(float value) => value.ToScalar();

    /// <inheritdoc cref="Of(double)"/>
    internal static Scalar Of(long value) => value.ToScalar();

    /// <summary>A 0-d (or one-element) array's value, exact for its dtype (an int64 as a long, not through a double).</summary>
    internal static Scalar Of(NDArray value) => value.dtype switch
    {
        TF_DataType.TF_FLOAT or TF_DataType.TF_DOUBLE => value.GetDouble(0).ToScalar(),
        TF_DataType.TF_BOOL => value.GetBool(0).ToScalar(),
        _ => value.GetInt64(0).ToScalar(),
    };
}
