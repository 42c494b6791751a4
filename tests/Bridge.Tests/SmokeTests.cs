namespace Bridge.Tests;

public class SmokeTests
{
    [Test]
    public void TorchLoads() => Assert.That(TorchSharp.torch.ones(2, 3).sum().item<float>(), Is.EqualTo(6f));
}
