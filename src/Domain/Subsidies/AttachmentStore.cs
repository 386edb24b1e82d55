using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Changai.Domain.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Changai.Domain.Subsidies;

public sealed record StoredFile(string Key, long SizeBytes, string Sha256);

/// <summary>Where attachment bytes live. Local disk by default; an object store can take its place.</summary>
public interface IAttachmentStore
{
    /// <summary>Streams <paramref name="content"/> to a new server-named file; refuses (and keeps nothing) past <paramref name="maxBytes"/>.</summary>
    Task<StoredFile> SaveAsync(Stream content, long maxBytes, CancellationToken ct);

    Task<Stream?> OpenReadAsync(string key, CancellationToken ct);

    Task DeleteAsync(string key, CancellationToken ct);
}

public sealed class AttachmentOptions
{
    public const string SectionName = "Subsidies:Attachments";

    /// <summary>Folder for the files, outside the web root; relative paths are under the content root (default <c>data/attachments</c>).</summary>
    public string Root { get; set; } = Path.Combine("data", "attachments");

    public long MaxFileBytes { get; set; } = 5 * 1024 * 1024;

    public int MaxFilesPerApplication { get; set; } = 10;
}

/// <summary>
/// Files on local disk as <c>yyyy/MM/&lt;random&gt;</c> under the configured root: names are made here, so nothing the
/// client sends becomes part of a path. Written to a temporary file first and renamed when complete.
/// </summary>
public sealed partial class LocalDiskAttachmentStore(IOptions<AttachmentOptions> options, IHostEnvironment environment, TimeProvider time) : IAttachmentStore
{
    private readonly string root = Path.GetFullPath(Path.IsPathRooted(options.Value.Root) ? options.Value.Root : Path.Combine(environment.ContentRootPath, options.Value.Root));

    public async Task<StoredFile> SaveAsync(Stream content, long maxBytes, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var key = $"{now:yyyy}/{now:MM}/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".part";
        long size = 0;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                var buffer = new byte[64 * 1024];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    if (size > maxBytes)
                    {
                        throw DomainException.BadRequest("subsidies.attachment_too_large", $"单个文件不能超过 {maxBytes / 1024 / 1024.0:0.#} MB");
                    }

                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }

            File.Move(temporary, path);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        return new StoredFile(key, size, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        return Task.FromResult<Stream?>(File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true) : null);
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    private string PathOf(string key) =>
        KeyPattern().IsMatch(key) ? Path.Combine(root, key.Replace('/', Path.DirectorySeparatorChar)) : throw new ArgumentException("not a storage key", nameof(key));

    [GeneratedRegex(@"^\d{4}/\d{2}/[0-9a-f]{32}$")]
    private static partial Regex KeyPattern();
}
