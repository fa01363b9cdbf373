namespace OfficeMesh.Tests;
