namespace OfficeMesh.Storage;
