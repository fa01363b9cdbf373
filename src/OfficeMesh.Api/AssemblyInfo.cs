namespace OfficeMesh.Api;
