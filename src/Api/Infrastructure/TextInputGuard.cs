using System.Text.Json;
using Changai.Api.OfficerConsole;
using Changai.Domain.Common;
using Microsoft.Extensions.Options;

namespace Changai.Api.Infrastructure;

/// <summary>
/// Refuses control characters and invisible direction controls (<see cref="TextSafety"/>) in every text a request carries
/// to <c>/api</c> or <c>/console</c> — each JSON string (and property name), each form field, each query value — with a 400
/// naming the field, before any endpoint binds it. One rule at the door rather than a validator rule per field, so a field
/// added tomorrow is covered too. Multipart bodies (file uploads) are left to their endpoints: their text is in files.
/// </summary>
public sealed class TextInputGuard(RequestDelegate next, IOptions<ApiOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var isConsole = path.StartsWithSegments("/console");
        if (!isConsole && !path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }

        var field = FindInQuery(context.Request.Query) ?? await FindInBodyAsync(context.Request);
        if (field is null)
        {
            await next(context);
            return;
        }

        var detail = $"“{field}”{TextSafety.Message}";
        IResult refusal = isConsole
            ? ConsolePages.Error(StatusCodes.Status400BadRequest, Problems.TitleFor(400), detail)
            : Problems.Create(StatusCodes.Status400BadRequest, "request.forbidden_characters", detail,
                new Dictionary<string, string[]> { [field] = [TextSafety.Message] });
        await refusal.ExecuteAsync(context);
    }

    private static string? FindInQuery(IQueryCollection query)
    {
        foreach (var (key, values) in query)
        {
            if (TextSafety.HasForbidden(key) || values.Any(v => v is not null && TextSafety.HasForbidden(v)))
            {
                return key;
            }
        }

        return null;
    }

    private async Task<string?> FindInBodyAsync(HttpRequest request)
    {
        if (request.HasFormContentType && request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            // Read once and kept by the framework (IFormFeature), so the endpoint reads the same form.
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            return form.FirstOrDefault(f => TextSafety.HasForbidden(f.Key) || f.Value.Any(v => v is not null && TextSafety.HasForbidden(v))).Key;
        }

        if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true
            || request.ContentLength is > int.MaxValue || request.ContentLength > options.Value.MaxRequestBodyBytes)
        {
            return null;
        }

        request.EnableBuffering();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return buffer.Length > options.Value.MaxRequestBodyBytes ? null : FindInJson(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;

        public int Index { get; set; } = -1;

        public string? Name { get; set; }
    }

    /// <summary>The path (<c>quotas[1].countyCode</c>) of the first string holding a forbidden character, or null.</summary>
    internal static string? FindInJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        NextValue(frames);
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        frames[^1].Name = reader.GetString();
                        if (TextSafety.HasForbidden(frames[^1].Name))
                        {
                            return PathOf(frames);
                        }

                        break;
                    case JsonTokenType.String:
                        NextValue(frames);
                        if (TextSafety.HasForbidden(reader.GetString()))
                        {
                            return PathOf(frames);
                        }

                        break;
                    default:
                        NextValue(frames);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null; // not JSON: binding answers that with its own 400
        }
        catch (InvalidOperationException)
        {
            // GetString on an escape that decodes to a lone surrogate throws: a broken character, refused like the others.
            return PathOf(frames);
        }

        return null;
    }

    private static void NextValue(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1].Index++;
        }
    }

    private static string PathOf(List<Frame> frames)
    {
        var path = new System.Text.StringBuilder();
        foreach (var frame in frames)
        {
            if (frame.IsArray)
            {
                path.Append('[').Append(frame.Index).Append(']');
            }
            else if (frame.Name is not null)
            {
                path.Append(path.Length == 0 ? "" : ".").Append(frame.Name);
            }
        }

        return path.Length == 0 ? "$" : path.ToString();
    }
}
