using Changai.Domain.Organizations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changai.Api.Organizations;

/// <summary>
/// Yunnan's prefectures and their county-level divisions with today's codes (<see cref="YunnanRegions"/>), for the
/// mini-program's workplace picker: a worker chooses 州（市） and 县（市、区） by name and never types a code.
/// </summary>
public static class YunnanCounties
{
    public sealed record County(string Code, string Name);

    public sealed record Prefecture(string Code, string Name, IReadOnlyList<County> Counties);

    public sealed record Response(IReadOnlyList<Prefecture> Prefectures);

    /// <summary>The same for everyone and fixed between releases: built once.</summary>
    private static readonly Response All = new(YunnanRegions.Prefectures
        .Select(p => new Prefecture(p.Code, p.Name, YunnanRegions.Counties.Where(c => c.Code.StartsWith(p.Code, StringComparison.Ordinal))
            .Select(c => new County(c.Code, c.Name)).ToList()))
        .ToList());

    public static Ok<Response> Handle() => TypedResults.Ok(All);
}
