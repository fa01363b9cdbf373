global using OfficeMesh.Testing;

namespace OfficeMesh.Tests;
