global using Orleans.Runtime;
