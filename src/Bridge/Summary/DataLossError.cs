namespace Bridge;

/// <summary>A corrupted or truncated record file (TF's DataLossError), e.g. a CRC mismatch in a TFRecord.</summary>
internal sealed class DataLossError : BridgeException
{
    public DataLossError(string message, Exception? inner = null) : base(message, inner) { }
}
