/// Lab-08 golden cases written in F#: the value, dtype, shape and the notebook's printed text of each.
module Bridge.FSharp.Tests.Lab08GoldenTests

open System.Text.Json
open NUnit.Framework
open Bridge
open type Bridge.Binding
open Bridge.FSharp.Tests.Support

let private x = array2D [ [ 1.; 2. ]; [ 3.; 4. ] ]
let private xi = array2D [ [ 0; 1; 2 ]; [ 2; 1; 0 ] ]
let private t3 () = np.array([| [| [| 0; 1; 2 |]; [| 3; 4; 5 |] |]; [| [| 6; 7; 8 |]; [| 9; 10; 11 |] |] |])

/// The notebook drew its three random cells first, on a fresh graph seeded 777 (op seeds 3, 9 and 16).
let private randomCells () =
    use _g = tf.Graph().as_default()
    use _s = tf.Session()
    tf.set_random_seed 777
    let n = tf.random_normal([| 3 |]).eval()
    let u = tf.random_uniform([| 2 |]).eval()
    let u23 = tf.random_uniform([| 2; 3 |]).eval()
    n, u, u23

/// Golden id -> the F# expression of the notebook cell.
let private cases : (string * (unit -> NDArray)) list =
    [ "matmul", fun () -> tf.matmul(tf.constant(array2D [ [ 3.; 3. ] ]), tf.constant(array2D [ [ 2. ]; [ 2. ] ])).eval()
      "multiply_broadcast", fun () -> (tf.constant(array2D [ [ 3.; 3. ] ]) * tf.constant(array2D [ [ 2. ]; [ 2. ] ])).eval()
      "reduce_mean.int", fun () -> tf.reduce_mean([ 1; 2 ], axis = 0).eval()
      "reduce_mean.axis0", fun () -> tf.reduce_mean(x, axis = 0).eval()
      "reduce_sum.axis-1", fun () -> tf.reduce_sum(x, axis = -1).eval()
      "argmax.axis1", fun () -> tf.argmax(xi, axis = 1).eval()
      "reshape.-1x1x3", fun () -> tf.reshape(t3 (), shape = [| -1; 1; 3 |]).eval()
      "one_hot", fun () -> tf.one_hot(array2D [ [ 0 ]; [ 1 ]; [ 2 ]; [ 0 ] ], depth = 3).eval()
      "cast.bool_to_int", fun () -> tf.cast([ true; false; 1 = 1; 0 = 1 ], tf.int32).eval()
      "stack.axis1", fun () -> tf.stack([ [| 1; 4 |]; [| 2; 5 |]; [| 3; 6 |] ], axis = 1).eval()
      "transpose.120", fun () -> tf.transpose(t3 (), [| 1; 2; 0 |]).eval()
      "simple_array.pprint", fun () -> np.array([| 0.; 1.; 2.; 3.; 4.; 5.; 6. |])
      "array2d.pprint", fun () -> np.array(array2D [ [ 1.; 2.; 3. ]; [ 4.; 5.; 6. ]; [ 7.; 8.; 9. ]; [ 10.; 11.; 12. ] ])
      "shape.rank1", fun () -> tf.shape(tf.constant([| 1; 2; 3; 4 |])).eval()
      "shape.rank2", fun () -> tf.shape(tf.constant(array2D [ [ 1; 2 ]; [ 3; 4 ] ])).eval()
      "shape.rank4", fun () ->
          let rank4 = [| [| [| [| 1; 2; 3; 4 |]; [| 5; 6; 7; 8 |]; [| 9; 10; 11; 12 |] |]; [| [| 13; 14; 15; 16 |]; [| 17; 18; 19; 20 |]; [| 21; 22; 23; 24 |] |] |] |]
          tf.shape(tf.constant(rank4)).eval()
      "add_broadcast", fun () -> (tf.constant(array2D [ [ 3.; 3. ] ]) + tf.constant(array2D [ [ 2. ]; [ 2. ] ])).eval()
      "add_same_shape", fun () -> (tf.constant(array2D [ [ 3.; 3. ] ]) + tf.constant(array2D [ [ 2.; 2. ] ])).eval()
      "reduce_mean.all", fun () -> tf.reduce_mean(x).eval()
      "reduce_mean.axis1", fun () -> tf.reduce_mean(x, axis = 1).eval()
      "reduce_mean.axis-1", fun () -> tf.reduce_mean(x, axis = -1).eval()
      "reduce_sum.all", fun () -> tf.reduce_sum(x).eval()
      "reduce_sum.axis0", fun () -> tf.reduce_sum(x, axis = 0).eval()
      "reduce_mean_of_sum", fun () -> tf.reduce_mean(tf.reduce_sum(x, axis = -1)).eval()
      "argmax.axis0", fun () -> tf.argmax(xi, axis = 0).eval()
      "argmax.axis-1", fun () -> tf.argmax(xi, axis = -1).eval()
      "reshape.-1x3", fun () -> tf.reshape(t3 (), shape = [| -1; 3 |]).eval()
      "squeeze", fun () -> tf.squeeze(array2D [ [ 0 ]; [ 1 ]; [ 2 ] ]).eval()
      "expand_dims", fun () -> tf.expand_dims([| 0; 1; 2 |], 1).eval()
      "one_hot.reshape", fun () -> tf.reshape(tf.one_hot(array2D [ [ 0 ]; [ 1 ]; [ 2 ]; [ 0 ] ], depth = 3), shape = [| -1; 3 |]).eval()
      "cast.float_to_int", fun () -> tf.cast([ 1.8; 2.2; 3.3; 4.9 ], tf.int32).eval()
      "stack.axis0", fun () -> tf.stack([ [| 1; 4 |]; [| 2; 5 |]; [| 3; 6 |] ]).eval()
      "ones_like", fun () -> tf.ones_like(xi).eval()
      "zeros_like", fun () -> tf.zeros_like(xi).eval()
      "transpose.input", fun () -> t3 ()
      "transpose.102", fun () -> tf.transpose(t3 (), [| 1; 0; 2 |]).eval()
      "transpose.102_back", fun () -> tf.transpose(tf.transpose(t3 (), [| 1; 0; 2 |]), [| 1; 0; 2 |]).eval()
      "transpose.201", fun () -> tf.transpose(tf.transpose(t3 (), [| 1; 2; 0 |]), [| 2; 0; 1 |]).eval()
      "random_normal_3", fun () -> randomCells () |> fun (n, _, _) -> n
      "random_uniform_2", fun () -> randomCells () |> fun (_, u, _) -> u
      "random_uniform_2x3", fun () -> randomCells () |> fun (_, _, u) -> u ]

let rec private flatten (e: JsonElement) : float list =
    if e.ValueKind = JsonValueKind.Array then [ for i in e.EnumerateArray() do yield! flatten i ] else [ e.GetDouble() ]

/// Every golden item whose value is an array (the others are plain Python values: ScriptTests compares the .fsx's
/// whole output, which prints them, with the notebook's).
[<Test>]
let ``every array-valued golden item has an F# case`` () =
    let arrayItems =
        lab08Items.Value
        |> Seq.filter (fun kv -> kv.Value.TryGetProperty("legacy_numpy113_render") |> fst && kv.Value.GetProperty("legacy_numpy113_render").ValueKind = JsonValueKind.String)
        |> Seq.map (fun kv -> kv.Key) |> Set.ofSeq
    let covered = cases |> List.map fst |> Set.ofList
    Assert.That(Set.difference arrayItems covered, Is.Empty)

let caseIds () = cases |> List.map (fun (id, _) -> TestCaseData(id).SetName $"fsharp lab08 {id}")

[<TestCaseSource(nameof caseIds)>]
let ``value, dtype, shape and notebook text`` (id: string) =
    let item = lab08Items.Value[id]
    use sess = tf.InteractiveSession()
    let value = (cases |> List.find (fst >> (=) id) |> snd) ()
    Assert.That(value.dtype.as_numpy_name(), Is.EqualTo(item.GetProperty("expected_dtype").GetString()), "dtype")
    Assert.That(value.shape.dims, Is.EqualTo(box [| for d in item.GetProperty("expected_shape").EnumerateArray() -> d.GetInt64() |]), "shape")
    let actual = List.ofArray (value.ToArray<float>())
    let expected = flatten (item.GetProperty "expected_output")
    if value.dtype = TF_DataType.TF_FLOAT then
        Assert.That(actual |> List.map float32, Is.EqualTo(box (expected |> List.map float32)), "values")
    else
        Assert.That(actual, Is.EqualTo(box expected), "values")
    let original = item.GetProperty("original_text").GetString().TrimEnd('\n')
    let original = if original.StartsWith "(" then original.Substring(original.IndexOf('\n') + 1) else original
    try
        np.set_printoptions(legacy = "1.13")
        Assert.That(value.repr(), Is.EqualTo original, "the notebook's text")
    finally
        np.set_printoptions(legacy = false)
