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
      "random_normal_3", fun () ->
          // The notebook drew these first, on a fresh graph seeded 777 (op seed 3).
          use _g = tf.Graph().as_default()
          use _s = tf.Session()
          tf.set_random_seed 777
          tf.random_normal([| 3 |]).eval() ]

let rec private flatten (e: JsonElement) : float list =
    if e.ValueKind = JsonValueKind.Array then [ for i in e.EnumerateArray() do yield! flatten i ] else [ e.GetDouble() ]

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
