Console.WriteLine("OfficeMesh");
