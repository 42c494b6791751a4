namespace Bridge;

/// <summary>Base of every error Bridge raises; the message names the op, the shapes or dtypes, and a fix ("- help: ...").</summary>
public class BridgeException : Exception
{
    public BridgeException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>A bad argument detected while building the graph (TF's ValueError).</summary>
public class ValueError : BridgeException
{
    public ValueError(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>A wrong type of argument (TF's TypeError), e.g. mixed dtypes in a binary op.</summary>
public class TypeError : BridgeException
{
    public TypeError(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>A bad value detected while running the graph (TF's InvalidArgumentError).</summary>
public class InvalidArgumentError : BridgeException
{
    public InvalidArgumentError(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>Misuse of a session or graph at run time (TF's RuntimeError), e.g. a closed session.</summary>
public class RuntimeError : BridgeException
{
    public RuntimeError(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>Reading a Variable before its initializer ran (TF's FailedPreconditionError).</summary>
public class FailedPreconditionError : BridgeException
{
    public FailedPreconditionError(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>An index out of range or of the wrong kind (Python's IndexError).</summary>
public class IndexError : BridgeException
{
    public IndexError(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>Something looked up is not defined, e.g. a gradient rule (Python's LookupError).</summary>
public class LookupError : BridgeException
{
    public LookupError(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>Stored data is corrupt or truncated, e.g. a TensorBoard event file with a bad checksum (TF's DataLossError).</summary>
public class DataLossError : BridgeException
{
    public DataLossError(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// A run stopped before it finished (TF's CancelledError): a host's interrupt check (<see cref="Runtime.RunInterrupt"/>; the
/// Python package's Ctrl-C) asked to stop between two ops, before the run's first write, so no variable changed.
/// </summary>
public class CancelledError : BridgeException
{
    public CancelledError(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// An input ran out (TF's OutOfRangeError): a closed queue holds fewer elements than a dequeue asks for, e.g. after
/// <c>num_epochs</c> of <c>tf.train.string_input_producer</c> or a reader reached the end of its last file.
/// </summary>
public class OutOfRangeError : BridgeException
{
    public OutOfRangeError(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>A file or other named resource does not exist at run time (TF's NotFoundError), e.g. a reader's file.</summary>
public class NotFoundError : BridgeException
{
    public NotFoundError(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// A value too large for this process (TF's ResourceExhaustedError, which TF 1.x raises as "OOM when allocating tensor
/// with shape[...]"): its element count overflows int64, exceeds what one .NET array holds, or its bytes exceed the
/// memory the machine can give (<see cref="Runtime.MemoryGuard"/>). Raised before anything is allocated.
/// </summary>
public class ResourceExhaustedError : BridgeException
{
    public ResourceExhaustedError(string message, Exception? inner = null) : base(message, inner) { }
}
