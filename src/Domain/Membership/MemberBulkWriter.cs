using Changai.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace Changai.Domain.Membership;

/// <summary>
/// Writes many new register entries inside the caller's transaction without holding them: on PostgreSQL one binary
/// <c>COPY</c> (columns and value conversions read from the EF model, so a column added to <see cref="Member"/> is written
/// too), elsewhere EF Core in batches with the change tracker emptied after each. Measured side by side in
/// <c>tests/benchmarks/member-import.sh</c> (docs/benchmarks.md).
/// </summary>
public static class MemberBulkWriter
{
    public const int BatchSize = 2000;

    /// <summary>Writes the members as they are enumerated; returns how many. <paramref name="binaryCopy"/> false uses EF batches on PostgreSQL too.</summary>
    public static async Task<int> WriteAsync(AppDbContext db, IEnumerable<Member> members, CancellationToken ct, bool binaryCopy = true) =>
        db.IsPostgres && binaryCopy ? await CopyAsync(db, members, ct) : await BatchAsync(db, members, ct);

    private static async Task<int> BatchAsync(AppDbContext db, IEnumerable<Member> members, CancellationToken ct)
    {
        var written = 0;
        foreach (var batch in members.Chunk(BatchSize))
        {
            db.Members.AddRange(batch);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            written += batch.Length;
        }

        return written;
    }

    private static async Task<int> CopyAsync(AppDbContext db, IEnumerable<Member> members, CancellationToken ct)
    {
        var entity = db.Model.FindEntityType(typeof(Member))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var properties = entity.GetProperties().Select(p => (Property: p, Getter: p.GetGetter(), Converter: p.GetTypeMapping().Converter)).ToList();
        var columns = string.Join(", ", properties.Select(p => Quote(p.Property.GetColumnName(table)!)));
        var name = entity.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(table.Name)}" : Quote(table.Name);
        await db.Database.OpenConnectionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var written = 0;
        await using (var importer = await connection.BeginBinaryImportAsync($"COPY {name} ({columns}) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var member in members)
            {
                await importer.StartRowAsync(ct);
                foreach (var (_, getter, converter) in properties)
                {
                    var value = getter.GetClrValue(member);
                    if (value is not null && converter is not null)
                    {
                        value = converter.ConvertToProvider(value);
                    }

                    await WriteValueAsync(importer, value, ct);
                }

                written++;
            }

            await importer.CompleteAsync(ct);
        }

        return written;
    }

    private static Task WriteValueAsync(NpgsqlBinaryImporter importer, object? value, CancellationToken ct) => value switch
    {
        null => importer.WriteNullAsync(ct),
        Guid g => importer.WriteAsync(g, NpgsqlDbType.Uuid, ct),
        string s => importer.WriteAsync(s, NpgsqlDbType.Text, ct),
        DateOnly d => importer.WriteAsync(d, NpgsqlDbType.Date, ct),
        DateTime t => importer.WriteAsync(t, NpgsqlDbType.TimestampTz, ct),
        int i => importer.WriteAsync(i, NpgsqlDbType.Integer, ct),
        long l => importer.WriteAsync(l, NpgsqlDbType.Bigint, ct),
        bool b => importer.WriteAsync(b, NpgsqlDbType.Boolean, ct),
        _ => throw new NotSupportedException($"COPY of a {value.GetType().Name} column is not mapped"),
    };

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
