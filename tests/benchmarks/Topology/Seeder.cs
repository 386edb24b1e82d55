using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Changai.Domain.Data;
using Changai.Domain.Identity;
using Changai.Domain.Membership;
using Changai.Domain.Organizations;
using Changai.Domain.Privacy;
using Changai.Domain.Profiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Changai.Benchmarks.Topology;

/// <summary>
/// Seeds realistic volumes on top of the demo data the first API process created: grassroots unions under every county,
/// workers with complete (encrypted) identities spread over them, and a history of join applications per worker — most
/// withdrawn or rejected, the latest one still waiting for a share of them, so every officer's queue is long and the
/// tree is deep. Rows are built as the domain's own entities (personal data through <see cref="FieldProtector"/>) and
/// written with PostgreSQL's binary COPY, column by column as the EF model maps them.
/// </summary>
public static class Seeder
{
    private const string Surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭";
    private const string GivenChars = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红云龙海波";
    private static readonly string[] Trades = ["机械厂", "电力安装公司", "物流有限公司", "建筑工程公司", "烟草机械厂", "化工有限公司", "冶金集团分公司", "汽车运输队", "食品加工厂", "矿业公司"];
    private static readonly string[] Occupations = ["焊工", "电工", "钳工", "车工", "货车司机", "快递员", "网约配送员", "数控车工", "化工操作工", "装配工"];
    private static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    public static async Task<int> RunAsync(Args options)
    {
        var workers = options.Int("workers", 200_000);
        var applications = options.Int("applications", 1_000_000);
        var enterprises = options.Int("enterprises", 2_000);
        var openShare = options.Int("open-percent", 20);
        await using var provider = Database.Provider(options);
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<FieldProtector>();
        var clock = Stopwatch.StartNew();
        Random random;
        var now = DateTime.UtcNow;

        var counties = await db.Unions.AsNoTracking().Where(u => u.Kind == UnionKind.County).OrderBy(u => u.Code).ToListAsync();
        var officer = await db.Officers.AsNoTracking().Where(o => o.Username == "yn.sheng").Select(o => o.Id).SingleAsync();
        // Run again on the same database (scaling.sh grows it step by step): the grassroots unions of the first run are
        // reused and the new workers are numbered after the existing ones.
        var unions = await db.Unions.AsNoTracking().Where(u => u.Kind == UnionKind.Grassroots && u.Name.EndsWith("号工会")).ToListAsync();
        var offset = await db.Workers.CountAsync(w => w.OpenId.StartsWith("otopo"));
        random = new Random(20261121 + offset);
        var newUnions = unions.Count > 0 ? [] : new List<Union>(enterprises);
        for (var i = 0; i < enterprises && unions.Count == 0; i++)
        {
            var county = counties[i % counties.Count];
            var code = county.Code + (500 + i / counties.Count).ToString("D4", CultureInfo.InvariantCulture);
            newUnions.Add(new Union
            {
                Id = Guid.CreateVersion7(), Code = code, Name = $"{county.Name.Replace("总工会", "", StringComparison.Ordinal)}{Trades[i % Trades.Length]}{i / counties.Count + 1}号工会",
                Kind = UnionKind.Grassroots, ParentId = county.Id, Path = Union.ChildPath(county.Path, code), Depth = county.Depth + 1,
                RegionCode = county.RegionCode, PrefectureCode = county.PrefectureCode, AcceptsMembers = true, CreatedAt = now,
            });
        }

        await using var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await CopyAsync(db, connection, newUnions);
        unions.AddRange(newUnions);
        Console.Error.WriteLine($"seed: {unions.Count:N0} grassroots unions under {counties.Count} counties ({clock.Elapsed.TotalSeconds:F0} s)");

        const int chunk = 20_000;
        var perWorker = Math.Max(1, applications / Math.Max(workers, 1));
        var written = 0;
        for (var start = 0; start < workers; start += chunk)
        {
            var people = new List<Worker>(chunk);
            var rows = new List<MembershipApplication>(chunk * perWorker);
            for (var i = offset + start; i < offset + Math.Min(workers, start + chunk); i++)
            {
                var union = unions[random.Next(unions.Count)];
                var name = string.Concat(Surnames[random.Next(Surnames.Length)].ToString(), GivenChars[random.Next(GivenChars.Length)].ToString(),
                    random.Next(2) == 0 ? GivenChars[random.Next(GivenChars.Length)].ToString() : "");
                var idNumber = IdNumber(union.RegionCode, i);
                var phone = "139" + i.ToString("D8", CultureInfo.InvariantCulture);
                var occupation = Occupations[i % Occupations.Length];
                var created = now.AddDays(-random.Next(30, 720));
                var worker = new Worker
                {
                    Id = Guid.CreateVersion7(), OpenId = OpenId(i), CreatedAt = created, LastLoginAt = created, RealName = name,
                    IdNumberCipher = protector.Protect(idNumber), IdNumberHash = protector.LookupHash(idNumber),
                    BirthDate = DateOnly.ParseExact(idNumber.Substring(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture),
                    Gender = (idNumber[16] - '0') % 2 == 1 ? Gender.Male : Gender.Female,
                    PhoneCipher = protector.Protect(phone), PhoneHash = protector.LookupHash(phone), PhoneVerifiedAt = created,
                    Employer = union.Name.Replace("工会", "", StringComparison.Ordinal), IndustrySection = "C", Occupation = occupation,
                    SkillLevel = SkillLevel.Level4, EmploymentForm = EmploymentForm.LabourContract, CountyCode = union.RegionCode, UpdatedAt = created,
                };
                people.Add(worker);
                for (var k = 0; k < perWorker; k++)
                {
                    var submitted = created.AddDays(k * 20 + random.NextDouble() * 10);
                    var application = new MembershipApplication
                    {
                        Id = Guid.CreateVersion7(), WorkerId = worker.Id, UnionId = union.Id, Channel = JoinChannel.EmployerUnion, ApplicantName = name,
                        IdNumberCipher = worker.IdNumberCipher!, IdNumberHash = worker.IdNumberHash!, PhoneCipher = worker.PhoneCipher!, PhoneHash = worker.PhoneHash!,
                        Employer = worker.Employer, Occupation = occupation, CreatedAt = submitted, SubmittedAt = submitted,
                    };
                    var last = k == perWorker - 1;
                    if (!last || random.Next(100) >= openShare)
                    {
                        if (random.Next(3) == 0)
                        {
                            application.Withdraw(submitted.AddDays(1));
                        }
                        else
                        {
                            application.Reject(officer, "材料不全，请补充劳动合同后重新申请", submitted.AddDays(2));
                        }
                    }

                    rows.Add(application);
                }
            }

            await CopyAsync(db, connection, people);
            await CopyAsync(db, connection, rows);
            written += rows.Count;
            Console.Error.WriteLine($"seed: {start + people.Count:N0} workers, {written:N0} applications ({clock.Elapsed.TotalSeconds:F0} s)");
        }

        // VACUUM as autovacuum would soon after a bulk load: statistics, and the visibility map that lets the review queues
        // read page keys from their indexes alone.
        await using (var analyze = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 1800 })
        {
            await analyze.ExecuteNonQueryAsync();
        }

        Console.WriteLine($"SEED_UNIONS={unions.Count}");
        Console.WriteLine($"SEED_WORKERS={offset + workers}");
        Console.WriteLine($"SEED_APPLICATIONS={written}");
        Console.WriteLine($"SEED_SECONDS={clock.Elapsed.TotalSeconds:F0}");
        return 0;
    }

    /// <summary>The seeded workers' openids: the login burst asks the simulator for codes of exactly these.</summary>
    public static string OpenId(int i) => $"otopo{i:D8}";

    private static string IdNumber(string region, int i)
    {
        var birth = new DateOnly(1970, 1, 1).AddDays(i % 12_000);
        var body = region + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + (i % 1000).ToString("D3", CultureInfo.InvariantCulture);
        var sum = body.Select((c, k) => (c - '0') * IdWeights[k]).Sum();
        return body + "10X98765432"[sum % 11];
    }

    /// <summary>Binary COPY of entities, every mapped column as EF maps it (value converters applied: enums as text, UTC dates).</summary>
    public static async Task CopyAsync<T>(AppDbContext db, NpgsqlConnection connection, IReadOnlyCollection<T> rows) where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException(typeof(T).Name + " is not mapped");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Select(p => (Property: p, Column: p.GetColumnName(table)!, Type: p.GetColumnType(),
            Converter: p.GetTypeMapping().Converter, Member: (MemberInfo?)p.PropertyInfo ?? p.FieldInfo)).ToList();
        var sql = $"COPY \"{table.Name}\" ({string.Join(", ", columns.Select(c => $"\"{c.Column}\""))}) FROM STDIN (FORMAT BINARY)";
        await using var writer = await connection.BeginBinaryImportAsync(sql);
        foreach (var row in rows)
        {
            await writer.StartRowAsync();
            foreach (var c in columns)
            {
                var value = c.Member switch
                {
                    PropertyInfo p => p.GetValue(row),
                    FieldInfo f => f.GetValue(row),
                    _ => throw new InvalidOperationException($"{typeof(T).Name}.{c.Property.Name} is a shadow property"),
                };
                if (value is not null && c.Converter is not null)
                {
                    value = c.Converter.ConvertToProvider(value);
                }

                if (value is null)
                {
                    await writer.WriteNullAsync();
                }
                else
                {
                    await writer.WriteAsync(value, c.Type);
                }
            }
        }

        await writer.CompleteAsync();
    }
}

/// <summary>The app's own database setup and personal-data keys, read from the API's settings files.</summary>
public static class Database
{
    public static ServiceProvider Provider(Args options)
    {
        var apiDir = options.Get("api-dir");
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(apiDir, "appsettings.json"), optional: false)
            .AddJsonFile(Path.Combine(apiDir, "appsettings.Development.json"), optional: false)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:Default"] = options.Get("pg"),
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAppDatabase(configuration, apiDir);
        var personal = configuration.GetSection(PersonalDataOptions.SectionName).Get<PersonalDataOptions>()!;
        services.AddSingleton(new FieldProtector(personal));
#pragma warning disable ASP0000 // a one-off provider in a console tool, to reach the database with the app's own setup
        return services.BuildServiceProvider();
#pragma warning restore ASP0000
    }
}
