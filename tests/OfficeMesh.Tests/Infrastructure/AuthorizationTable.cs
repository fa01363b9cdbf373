using System.Text;

namespace OfficeMesh.Tests.Infrastructure;

/// <summary>The cells of an endpoint × role table: each must have exactly its status, and every refusal a problem body.</summary>
public static class AuthorizationTable
{
    public static string[] Cells(string expected, int columns)
    {
        var cells = expected.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return cells.Length == columns ? cells : throw new ArgumentException($"A row has {cells.Length} cells, the table {columns} columns.");
    }

    public static void Check(StringBuilder mismatches, string row, string column, string expected, ApiResponse response)
    {
        if (((int)response.Status).ToString() != expected)
            mismatches.AppendLine($"{row} as {column}: expected {expected}, got {(int)response.Status} {response.Body}");
        else if ((int)response.Status >= 400 && response.MediaType != "application/problem+json")
            mismatches.AppendLine($"{row} as {column}: {(int)response.Status} without a problem body");
    }
}
