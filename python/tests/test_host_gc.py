"""The .NET runtime the package starts (from Bridge.Cli.runtimeconfig.json) keeps arrays of up to 4 MiB young and conserves memory: a training
step's 1-2 MB temporaries die in gen0 instead of piling up on the large-object heap until a gen2 collection (lab 11-1's
RSS climbed to 1.3 GB that way). tests/Bridge.Tests/Cli/HostGcConfigTests.cs checks `bridge run`."""
from bridge import tf  # noqa: F401  (starts the runtime)

import System  # type: ignore


def test_arrays_up_to_4_mib_are_young_and_memory_is_conserved():
    activation = System.Array.CreateInstance(System.Single, 100 * 3136)
    over = System.Array.CreateInstance(System.Single, (4 << 20) // 4)
    assert (System.GC.GetGeneration(activation), System.GC.GetGeneration(over)) == (0, 2)
    assert int(System.GC.GetConfigurationVariables()["GCConserveMem"]) == 7
