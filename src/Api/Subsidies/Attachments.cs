using System.Text;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Auditing;
using Changai.Domain.Common;
using Changai.Domain.Data;
using Changai.Domain.Subsidies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Changai.Api.Subsidies;

/// <summary>
/// Files attached to an application: streamed from the multipart body straight to the store (never held whole in
/// memory), accepted only when their first bytes say JPEG, PNG or PDF, within the size and count limits. Only the
/// applicant and officers whose subtree holds the application can read them.
/// </summary>
public static class Attachments
{
    public const string OtherDocument = "other";

    /// <summary>Room for the multipart boundaries and headers around one file.</summary>
    public const long UploadOverheadBytes = 64 * 1024;

    /// <summary>Lets the upload route take a larger body than the API's default limit.</summary>
    public sealed record UploadSizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

    public static async Task<Created<AttachmentView>> Upload(
        Guid id, HttpRequest request, AppDbContext db, IAttachmentStore store, IOptions<AttachmentOptions> options, TimeProvider time, CancellationToken ct)
    {
        var workerId = request.HttpContext.User.UserId();
        var application = await SubsidyAccess.OwnAsync(db, workerId, id, ct);
        FillApplication.RequireEditable(application);
        var limits = options.Value;
        if (await db.SubsidyAttachments.CountAsync(x => x.ApplicationId == id, ct) >= limits.MaxFilesPerApplication)
        {
            throw new DomainException("subsidies.too_many_attachments", $"每份申请最多上传 {limits.MaxFilesPerApplication} 个文件，请先删除不需要的文件");
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw DomainException.BadRequest("subsidies.upload_not_multipart", "请以 multipart/form-data 方式上传文件（字段 file）");
        }

        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = limits.MaxFileBytes + UploadOverheadBytes;
        }

        var program = await db.SubsidyPrograms.AsNoTracking().SingleAsync(p => p.Id == application.ProgramId, ct);
        var documentCode = request.Query["documentCode"].ToString();
        var reader = new MultipartReader(boundary, request.Body);
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                continue;
            }

            var isFile = !string.IsNullOrEmpty(disposition.FileName.Value) || !string.IsNullOrEmpty(disposition.FileNameStar.Value);
            if (!isFile && disposition.Name.Value == "documentCode")
            {
                using var text = new StreamReader(section.Body, Encoding.UTF8);
                var buffer = new char[51];
                documentCode = new string(buffer, 0, await text.ReadBlockAsync(buffer, ct));
                continue;
            }

            if (!isFile)
            {
                continue;
            }

            documentCode = string.IsNullOrWhiteSpace(documentCode) ? OtherDocument : documentCode.Trim();
            if (documentCode != OtherDocument && program.Rules.Documents.All(d => d.Code != documentCode))
            {
                throw DomainException.BadRequest("subsidies.unknown_document", "材料类别不在本项目所需材料之列：" + string.Join("、", program.Rules.Documents.Select(d => $"{d.Code}（{d.Name}）")));
            }

            var head = new byte[FileSignatures.HeadLength];
            var headLength = await section.Body.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
            var contentType = FileSignatures.Detect(head.AsSpan(0, headLength))
                ?? throw new DomainException("subsidies.attachment_type", "只能上传 JPG、PNG 图片或 PDF 文件（按文件内容识别）");
            var stored = await store.SaveAsync(new ReplayStream(head.AsMemory(0, headLength), section.Body), limits.MaxFileBytes, ct);
            var now = time.GetUtcNow().UtcDateTime;
            var attachment = new SubsidyAttachment
            {
                Id = Guid.CreateVersion7(), ApplicationId = application.Id, DocumentCode = documentCode,
                FileName = DisplayName(disposition.FileNameStar.Value ?? disposition.FileName.Value, contentType),
                ContentType = contentType, SizeBytes = stored.SizeBytes, StorageKey = stored.Key, Sha256 = stored.Sha256, UploadedAt = now,
            };
            db.SubsidyAttachments.Add(attachment);
            db.Record(now, AuditTrail.Worker, workerId, nameof(SubsidyApplication), application.Id, "subsidies.attachment.added",
                reason: $"{documentCode}：{attachment.FileName}", unionId: application.UnionId);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch
            {
                await store.DeleteAsync(stored.Key, CancellationToken.None);
                throw;
            }

            return TypedResults.Created($"/api/subsidies/applications/{id}/attachments/{attachment.Id}", SubsidyViews.ToView(attachment));
        }

        throw DomainException.BadRequest("subsidies.file_missing", "请选择要上传的文件（字段 file）");
    }

    public static async Task<NoContent> Delete(Guid id, Guid attachmentId, HttpContext http, AppDbContext db, IAttachmentStore store, TimeProvider time, CancellationToken ct)
    {
        var workerId = http.User.UserId();
        var application = await SubsidyAccess.OwnAsync(db, workerId, id, ct);
        FillApplication.RequireEditable(application);
        var attachment = await db.SubsidyAttachments.SingleOrDefaultAsync(x => x.Id == attachmentId && x.ApplicationId == id, ct) ?? throw NotFound();
        db.SubsidyAttachments.Remove(attachment);
        db.Record(time.GetUtcNow().UtcDateTime, AuditTrail.Worker, workerId, nameof(SubsidyApplication), application.Id, "subsidies.attachment.removed",
            reason: $"{attachment.DocumentCode}：{attachment.FileName}", unionId: application.UnionId);
        await db.SaveChangesAsync(ct);
        await store.DeleteAsync(attachment.StorageKey, ct);
        return TypedResults.NoContent();
    }

    public static async Task<IResult> DownloadOwn(Guid id, Guid attachmentId, HttpContext http, AppDbContext db, IAttachmentStore store, CancellationToken ct)
    {
        await SubsidyAccess.OwnAsync(db, http.User.UserId(), id, ct);
        return await StreamAsync(db, store, http, id, attachmentId, ct);
    }

    /// <summary>For an officer whose subtree holds the application; each look is recorded.</summary>
    public static async Task<IResult> DownloadAsOfficer(
        Guid id, Guid attachmentId, HttpContext http, AppDbContext db, OfficerScope scope, IAttachmentStore store, TimeProvider time, CancellationToken ct)
    {
        var officer = await scope.ForAsync(http.User, ct);
        var (application, union) = await SubsidyAccess.InScopeAsync(db, scope, officer, id, ct);
        var result = await StreamAsync(db, store, http, id, attachmentId, ct);
        db.Record(time.GetUtcNow().UtcDateTime, AuditTrail.Officer, officer.OfficerId, nameof(SubsidyApplication), application.Id,
            "subsidies.attachment.viewed", reason: attachmentId.ToString(), unionId: union.Id);
        await db.SaveChangesAsync(ct);
        return result;
    }

    private static async Task<IResult> StreamAsync(AppDbContext db, IAttachmentStore store, HttpContext http, Guid id, Guid attachmentId, CancellationToken ct)
    {
        var attachment = await db.SubsidyAttachments.AsNoTracking().SingleOrDefaultAsync(x => x.Id == attachmentId && x.ApplicationId == id, ct) ?? throw NotFound();
        var content = await store.OpenReadAsync(attachment.StorageKey, ct) ?? throw NotFound();
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Stream(content, attachment.ContentType, attachment.FileName);
    }

    private static DomainException NotFound() => DomainException.NotFound("subsidies.attachment_not_found", "未找到该文件");

    /// <summary>The client's name, for display only: path parts and odd characters removed, extension made to match the content.</summary>
    private static string DisplayName(string? name, string contentType)
    {
        var baseName = Path.GetFileNameWithoutExtension(Path.GetFileName((name ?? "").Replace('\\', '/').Split('/')[^1]));
        var clean = new string(baseName.Where(c => !char.IsControl(c) && c is not '"' and not '<' and not '>' and not '|' and not ':' and not '*' and not '?').Take(60).ToArray()).Trim();
        return (clean.Length == 0 ? "附件" : clean) + FileSignatures.Extension(contentType);
    }

    /// <summary>Gives back the bytes already read for the type check, then the rest of the section.</summary>
    private sealed class ReplayStream(ReadOnlyMemory<byte> head, Stream rest) : Stream
    {
        private ReadOnlyMemory<byte> head = head;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (head.Length == 0)
            {
                return await rest.ReadAsync(buffer, cancellationToken);
            }

            var n = Math.Min(buffer.Length, head.Length);
            head[..n].CopyTo(buffer);
            head = head[n..];
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("asynchronous reads only");
        public override void Flush() => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
