using Bridge.Runtime;
using TorchSharp;

namespace Bridge.Backend.Torch;

/// <summary>
/// The TorchSharp (libtorch CPU) backend. Files under Engine/Torch are the only ones of the library that name
/// TorchSharp (tests/Bridge.Tests/Architecture/LayeringTests.cs checks it).
/// </summary>
internal sealed class TorchBackend : IBackend
{
    public TorchBackend()
    {
        // Scripts (dotnet fsi) load libLibTorchSharp.so from the NuGet cache, unpatched, and Python's host would not find
        // the build's copy at all: fix that before TorchSharp loads (LibTorchSharpFix says what and why).
        TorchNativeFix.Apply();
        try
        {
            // Touch the native library once so that a load failure surfaces here with one clear message.
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception e)
        {
            throw new RuntimeError(
                "Bridge could not load libtorch (TorchSharp's native libraries). " + e.Message.Split('\n')[0] +
                " - help: build with the repository's build files (they make libLibTorchSharp.so load on Debian 12); " +
                "on other systems make sure the libtorch-cpu package restored for your platform." +
                (TorchNativeFix.Problem is { } p ? " (" + p + ")" : ""), e);
        }
    }

    public IExecutor CreateExecutor(Graph graph) => new Executor<object>(graph, new HybridKernels());
}
