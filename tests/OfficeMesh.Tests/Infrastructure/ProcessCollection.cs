using Xunit;

namespace OfficeMesh.Tests.Infrastructure;

/// <summary>
/// Tests that start real server processes, clusters or Prometheus run one at a time: on a 2-core machine,
/// two clusters fighting for CPU would measure the machine, not OfficeMesh.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessCollection
{
    public const string Name = "real processes";
}
