using Changai.Domain.Auditing;
using Changai.Domain.Data;
using Changai.Domain.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.OfficerConsole.Audit;

/// <summary>
/// The subject of each audit record as an officer names it — the person (masked), the union, the course, the programme,
/// the campaign — never its id. One query per record type present on the page, each for that page's ids only. A subject
/// deleted since (or of a type the console does not name) reads as its type alone.
/// </summary>
public static class AuditSubjects
{
    public static async Task<IReadOnlyDictionary<(string Type, Guid Id), string>> NamesAsync(AppDbContext db, IReadOnlyList<AuditRecord> records, CancellationToken ct)
    {
        var names = new Dictionary<(string, Guid), string>();
        foreach (var group in records.GroupBy(r => r.EntityType))
        {
            var ids = group.Select(r => r.EntityId).Distinct().ToList();
            IEnumerable<(Guid Id, string? Name)> found = group.Key switch
            {
                "Officer" => (await db.Officers.AsNoTracking().Where(o => ids.Contains(o.Id)).Select(o => new { o.Id, o.DisplayName, o.Username }).ToListAsync(ct))
                    .Select(o => (o.Id, (string?)$"{o.DisplayName}（{o.Username}）")),
                "Union" => (await db.Unions.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.Name }).ToListAsync(ct))
                    .Select(u => (u.Id, (string?)u.Name)),
                // The union applied to is the row's 所属工会 already.
                "MembershipApplication" => (await db.MembershipApplications.AsNoTracking().Where(a => ids.Contains(a.Id))
                        .Select(a => new { a.Id, a.ApplicantName }).ToListAsync(ct))
                    .Select(a => (a.Id, (string?)Person(a.ApplicantName))),
                "MembershipTransfer" => (await db.MembershipTransfers.AsNoTracking().Where(t => ids.Contains(t.Id))
                        .Select(t => new { t.Id, Name = db.Workers.Where(w => w.Id == t.WorkerId).Select(w => w.RealName).FirstOrDefault(), To = db.Unions.Where(u => u.Id == t.ToUnionId).Select(u => u.Name).FirstOrDefault() })
                        .ToListAsync(ct))
                    .Select(t => (t.Id, (string?)$"{Person(t.Name)} → {t.To}")),
                "MembershipClaim" => (await db.MembershipClaims.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.ClaimantName }).ToListAsync(ct))
                    .Select(c => (c.Id, (string?)Person(c.ClaimantName))),
                "Member" => (await db.Members.AsNoTracking().Where(m => ids.Contains(m.Id))
                        .Select(m => new { m.Id, m.RegisteredName, Name = db.Workers.Where(w => w.Id == m.WorkerId).Select(w => w.RealName).FirstOrDefault() }).ToListAsync(ct))
                    .Select(m => (m.Id, (string?)Person(m.Name ?? m.RegisteredName))),
                "SubsidyApplication" => (await db.SubsidyApplications.AsNoTracking().Where(a => ids.Contains(a.Id))
                        .Select(a => new { a.Id, a.ApplicantName, Program = db.SubsidyPrograms.Where(p => p.Id == a.ProgramId).Select(p => p.Name).FirstOrDefault() }).ToListAsync(ct))
                    .Select(a => (a.Id, (string?)$"{Person(a.ApplicantName)} · {a.Program}")),
                "SubsidyProgram" => (await db.SubsidyPrograms.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToListAsync(ct))
                    .Select(p => (p.Id, (string?)p.Name)),
                "TrainingCourse" => (await db.TrainingCourses.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Title }).ToListAsync(ct))
                    .Select(c => (c.Id, (string?)c.Title)),
                "TrainingSession" => (await db.TrainingSessions.AsNoTracking().Where(s => ids.Contains(s.Id))
                        .Select(s => new { s.Id, s.Title, s.StartsAt, Course = db.TrainingCourses.Where(c => c.Id == s.CourseId).Select(c => c.Title).FirstOrDefault() }).ToListAsync(ct))
                    .Select(s => (s.Id, (string?)$"{s.Course} · {s.Title}（{Shared.ConsoleFormat.Time(s.StartsAt)}）")),
                "TrainingEnrollment" => (await db.TrainingEnrollments.AsNoTracking().Where(e => ids.Contains(e.Id))
                        .Select(e => new { e.Id, Name = db.Workers.Where(w => w.Id == e.WorkerId).Select(w => w.RealName).FirstOrDefault(), Course = db.TrainingCourses.Where(c => c.Id == e.CourseId).Select(c => c.Title).FirstOrDefault() })
                        .ToListAsync(ct))
                    .Select(e => (e.Id, (string?)$"{Person(e.Name)} · {e.Course}")),
                "WorkerCertificate" => (await db.WorkerCertificates.AsNoTracking().Where(c => ids.Contains(c.Id))
                        .Select(c => new { c.Id, c.Occupation, Name = db.Workers.Where(w => w.Id == c.WorkerId).Select(w => w.RealName).FirstOrDefault() }).ToListAsync(ct))
                    .Select(c => (c.Id, (string?)$"{Person(c.Name)} · {c.Occupation}")),
                "QuizQuestion" => (await db.QuizQuestions.AsNoTracking().Where(q => ids.Contains(q.Id))
                        .Select(q => new { q.Id, q.Chapter, Stem = db.QuizQuestionVersions.Where(v => v.Id == q.CurrentVersionId).Select(v => v.Stem).FirstOrDefault() }).ToListAsync(ct))
                    .Select(q => (q.Id, (string?)Short(q.Stem ?? q.Chapter))),
                "QuizCampaign" => (await db.QuizCampaigns.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Title }).ToListAsync(ct))
                    .Select(c => (c.Id, (string?)c.Title)),
                _ => [],
            };
            foreach (var (id, name) in found)
            {
                if (name is { Length: > 0 })
                {
                    names[(group.Key, id)] = name;
                }
            }
        }

        return names;
    }

    /// <summary>
    /// A reason that holds an id (the attachment an officer opened) as the officer reads it: the file's name. One query for
    /// the page; an id that names nothing reads as nothing rather than as a code.
    /// </summary>
    public static async Task<Func<AuditRecord, string?>> ReasonsAsync(AppDbContext db, IReadOnlyList<AuditRecord> records, CancellationToken ct)
    {
        var attachmentIds = records.Where(r => r.Action == "subsidies.attachment.viewed" && Guid.TryParse(r.Reason, out _))
            .Select(r => Guid.Parse(r.Reason!)).Distinct().ToList();
        var files = attachmentIds.Count == 0
            ? []
            : await db.SubsidyAttachments.AsNoTracking().Where(a => attachmentIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.FileName, ct);
        // A union import records the union's code as its reason: the union is already the record's named subject.
        // Publishing a campaign records the draw seed's hash as "seed sha256 …".
        return r => r.Action is "organizations.union.created" or "organizations.union.imported" or "organizations.union.import_updated"
            ? null
            : r.Reason?.StartsWith("seed sha256 ", StringComparison.Ordinal) == true ? "抽奖种子的哈希（SHA-256）：" + r.Reason[12..]
            : Guid.TryParse(r.Reason, out var id) ? (files.TryGetValue(id, out var file) ? "材料：" + file : null) : r.Reason;
    }

    /// <summary>"补贴申请：张* · 昆明市技能提升补贴", or the type alone when the subject is gone.</summary>
    public static string Text(IReadOnlyDictionary<(string Type, Guid Id), string> names, AuditRecord record) =>
        names.TryGetValue((record.EntityType, record.EntityId), out var name) ? $"{AuditNames.Entity(record.EntityType)}：{name}" : AuditNames.Entity(record.EntityType);

    private static string Person(string? name) => name is { Length: > 0 } ? Masking.Name(name) : "（未实名）";

    private static string Short(string text) => text.Length > 24 ? text[..24] + "…" : text;
}
