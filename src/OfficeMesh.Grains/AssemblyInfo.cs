namespace OfficeMesh.Grains;
