Console.WriteLine("bridge");
