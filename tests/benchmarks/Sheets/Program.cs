using System.Diagnostics;
using System.Globalization;
using System.Text;
using Changai.Benchmarks.Sheets;
using MiniExcelLibs;
using Own = Changai.Benchmarks.Sheets.Baseline;

// Without arguments: writes the input files once, then runs every case in a child process of its own (so that the peak
// working set is that case's alone) and prints a Markdown table. With --case: runs one case and prints one RESULT line.
var options = Options.Parse(args);
if (options.Case is { } name)
{
    RunOne(name, options);
    return 0;
}

Directory.CreateDirectory(options.Dir);
Console.Error.WriteLine($"== inputs: {options.Rows:N0} rows × {Data.Columns} columns in {options.Dir}");
Cases.WriteInputs(options.Dir, options.Rows);
var results = new List<Result>();
for (var round = 0; round < options.Rounds; round++)
{
    foreach (var @case in Cases.All.Keys)
    {
        var result = RunChild(@case, options);
        Console.Error.WriteLine($"   {@case,-24} {result.Milliseconds,8:N0} ms {result.AllocatedMb,8:N0} MB allocated {result.PeakWorkingSetMb,7:N0} MB peak");
        results.Add(result);
    }
}

Report.Print(results, options);
return 0;

static void RunOne(string name, Options options)
{
    var run = Cases.All[name];
    var idle = Environment.WorkingSet;
    GC.Collect();
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var watch = Stopwatch.StartNew();
    var checksum = run(options.Dir, options.Rows);
    watch.Stop();
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    using var self = Process.GetCurrentProcess();
    self.Refresh();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"RESULT {watch.Elapsed.TotalMilliseconds:F0} {allocated} {self.PeakWorkingSet64} {idle} {checksum}"));
}

static Result RunChild(string name, Options options)
{
    var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
    if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
    {
        start.ArgumentList.Add(typeof(Options).Assembly.Location);
    }

    foreach (var a in new[] { "--case", name, "--dir", options.Dir, "--rows", options.Rows.ToString(CultureInfo.InvariantCulture) })
    {
        start.ArgumentList.Add(a);
    }

    using var child = Process.Start(start)!;
    var output = child.StandardOutput.ReadToEnd();
    child.WaitForExit();
    var line = output.Split('\n').SingleOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
               ?? throw new InvalidOperationException($"case {name} failed (exit {child.ExitCode}): {output}");
    var parts = line.Split(' ');
    return new Result(name, double.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture),
        long.Parse(parts[3], CultureInfo.InvariantCulture), long.Parse(parts[5], CultureInfo.InvariantCulture));
}

namespace Changai.Benchmarks.Sheets
{
    internal sealed record Options(string? Case, string Dir, int Rows, int Rounds)
    {
        public static Options Parse(string[] args)
        {
            string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
            return new Options(Arg("--case"), Arg("--dir") ?? Path.Combine(Path.GetTempPath(), "changai-sheets-bench"),
                int.Parse(Arg("--rows") ?? "100000", CultureInfo.InvariantCulture), int.Parse(Arg("--rounds") ?? "3", CultureInfo.InvariantCulture));
        }
    }

    internal sealed record Result(string Case, double Milliseconds, long Allocated, long PeakWorkingSet, long Checksum)
    {
        public double AllocatedMb => Allocated / 1048576.0;

        public double PeakWorkingSetMb => PeakWorkingSet / 1048576.0;
    }

    /// <summary>A roster-like sheet: Chinese names, units and unions, masked ID numbers and phones, dates, amounts, a remark.</summary>
    internal static class Data
    {
        public const int Columns = 10;

        public static readonly string[] Header = ["序号", "姓名", "身份证号", "手机号", "工作单位", "所属工会", "状态", "报名时间", "金额（元）", "备注"];

        private static readonly string[] Surnames = ["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "欧阳", "段", "普", "者"];
        private static readonly string[] Given = ["建国", "秀兰", "娜娜", "志强", "丽华", "明", "海燕", "文", "国庆", "春梅"];
        private static readonly string[] Units = ["云南云内动力集团有限公司", "昆明钢铁控股有限公司", "红塔烟草（集团）有限责任公司", "云南建投第三建设有限公司", "个旧市环卫站"];
        private static readonly string[] Unions = ["官渡区总工会", "五华区总工会", "昆明市总工会", "红河州总工会", "曲靖市总工会"];
        private static readonly string[] Statuses = ["已报名", "已签到", "候补中", "已取消"];

        public static IEnumerable<string[]> Rows(int count)
        {
            yield return Header;
            for (var i = 1; i <= count; i++)
            {
                yield return
                [
                    i.ToString(CultureInfo.InvariantCulture), Surnames[i % Surnames.Length] + Given[i / 7 % Given.Length],
                    $"5301{(i * 7919 % 10000):D4}**********{i % 10000:D4}", $"139****{i % 10000:D4}", Units[i % Units.Length], Unions[i / 3 % Unions.Length],
                    Statuses[i % Statuses.Length], $"2026-11-{1 + i % 28:D2} {i % 24:D2}:{i % 60:D2}", (i % 600 * 10 + 0.5).ToString("0.00", CultureInfo.InvariantCulture),
                    i % 5 == 0 ? "需补交材料，请于本周内到工会窗口办理" : "",
                ];
            }
        }

        public static IEnumerable<IDictionary<string, object>> Dictionaries(int count) =>
            Rows(count).Skip(1).Select(row =>
            {
                var map = new Dictionary<string, object>(Columns);
                for (var c = 0; c < Columns; c++)
                {
                    map[Header[c]] = row[c];
                }

                return (IDictionary<string, object>)map;
            });
    }

    internal static class Cases
    {
        public static string Xlsx(string dir) => Path.Combine(dir, "input.xlsx");

        public static string Csv(string dir) => Path.Combine(dir, "input.csv");

        /// <summary>The readers read the same files: one workbook written by MiniExcel, one CSV with a BOM.</summary>
        public static void WriteInputs(string dir, int rows)
        {
            using (var stream = File.Create(Xlsx(dir)))
            {
                stream.SaveAs(Data.Dictionaries(rows), excelType: ExcelType.XLSX);
            }

            File.WriteAllBytes(Csv(dir), Own.Csv.Write(Data.Rows(rows)));
        }

        public static readonly Dictionary<string, Func<string, int, long>> All = new()
        {
            ["xlsx write · ours (before)"] = (dir, rows) => Written(dir, Own.Xlsx.Write("Sheet1", Data.Rows(rows))),
            ["xlsx write · MiniExcel"] = (dir, rows) =>
            {
                using var stream = File.Create(Path.Combine(dir, "out.xlsx"));
                stream.SaveAs(Data.Dictionaries(rows), excelType: ExcelType.XLSX);
                return stream.Length;
            },
            ["xlsx read · ours (before)"] = (dir, _) => Own.Xlsx.Read(File.ReadAllBytes(Xlsx(dir))).Sum(r => (long)r.Cells.Sum(c => c.Length)),
            ["xlsx read · MiniExcel"] = (dir, _) =>
            {
                using var stream = File.OpenRead(Xlsx(dir));
                return stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX)
                    .Sum(row => (long)((IDictionary<string, object?>)row).Values.Sum(v => v?.ToString()?.Length ?? 0));
            },
            ["csv write · ours (before)"] = (dir, rows) => Written(dir, Own.Csv.Write(Data.Rows(rows))),
            ["csv write · MiniExcel"] = (dir, rows) =>
            {
                using var stream = File.Create(Path.Combine(dir, "out.csv"));
                stream.SaveAs(Data.Dictionaries(rows), excelType: ExcelType.CSV);
                return stream.Length;
            },
            ["csv read · ours (before)"] = (dir, _) => Own.Csv.Read(File.ReadAllText(Csv(dir), Encoding.UTF8)).Sum(r => (long)r.Cells.Sum(c => c.Length)),
            ["csv read · MiniExcel"] = (dir, _) =>
            {
                using var stream = File.OpenRead(Csv(dir));
                return stream.Query(useHeaderRow: false, excelType: ExcelType.CSV)
                    .Sum(row => (long)((IDictionary<string, object?>)row).Values.Sum(v => v?.ToString()?.Length ?? 0));
            },
        };

        private static long Written(string dir, byte[] bytes)
        {
            File.WriteAllBytes(Path.Combine(dir, "out.bin"), bytes);
            return bytes.Length;
        }
    }

    internal static class Report
    {
        public static void Print(IReadOnlyList<Result> results, Options options)
        {
            var median = results.GroupBy(r => r.Case).ToDictionary(g => g.Key, g => new Result(g.Key,
                Median(g.Select(r => r.Milliseconds)), (long)Median(g.Select(r => (double)r.Allocated)), (long)Median(g.Select(r => (double)r.PeakWorkingSet)),
                g.First().Checksum));
            Console.WriteLine($"{options.Rows:N0} rows × {Data.Columns} columns of Chinese text; median of {options.Rounds} rounds, each case in its own process; "
                              + "ratios are to MiniExcel for the same operation.");
            Console.WriteLine();
            Console.WriteLine("| case | time ms | allocated MB | peak working set MB | time ÷ MiniExcel | allocated ÷ MiniExcel | peak ÷ MiniExcel |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var r in median.Values)
            {
                var op = r.Case[..r.Case.IndexOf('·', StringComparison.Ordinal)];
                var mini = median[op + "· MiniExcel"];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Case} | {r.Milliseconds:N0} | {r.AllocatedMb:N0} | {r.PeakWorkingSetMb:N0} | {r.Milliseconds / mini.Milliseconds:0.00} | {(double)r.Allocated / mini.Allocated:0.00} | {(double)r.PeakWorkingSet / mini.PeakWorkingSet:0.00} |"));
            }
        }

        private static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }
}
