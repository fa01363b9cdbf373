using System.Data.Common;
using OfficeMesh.Contracts;
using OfficeMesh.Contracts.Audit;

namespace OfficeMesh.Storage;

/// <summary>
/// Reads audit rows as both stores select them (sequence, at, actor, action, target, outcome, status, address);
/// only how a store keeps the time differs, so each passes its own reading of column 1.
/// </summary>
internal static class AuditRows
{
    public static async Task<List<AuditRecord>> ReadAsync(DbDataReader reader, Func<DbDataReader, DateTimeOffset> readAt, CancellationToken cancellationToken)
    {
        var records = new List<AuditRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new AuditRecord(reader.GetInt64(0), new AuditEntry(
                readAt(reader),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                AuditOutcomes.Parse(reader.GetString(5)),
                reader.GetInt32(6),
                reader.IsDBNull(7) ? null : reader.GetString(7))));
        }
        return records;
    }
}
