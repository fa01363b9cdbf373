namespace OfficeMesh.Gateway;
