using System.Security.Claims;
using Changai.Api.Infrastructure.Security;
using Changai.Domain.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Changai.Api.OfficerConsole;

/// <summary>The signed-in officer as the page header shows them, and the menu entries their permissions open.</summary>
public sealed class ConsoleUser(IHttpContextAccessor accessor, AppDbContext db, IAuthorizationService authorization, ConsoleSections sections)
{
    public sealed record Header(string DisplayName, string Username, string UnionName, IReadOnlyList<ConsoleNavItem> Menu);

    private Header? header;

    public ClaimsPrincipal Principal => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public async Task<Header?> HeaderAsync()
    {
        if (header is not null || Principal.FindFirstValue("sub") is not { } sub || !Guid.TryParse(sub, out var id))
        {
            return header;
        }

        var officer = await db.Officers.AsNoTracking().Where(o => o.Id == id)
            .Select(o => new { o.DisplayName, o.Username, Union = db.Unions.Where(u => u.Id == o.UnionId).Select(u => u.Name).Single() })
            .SingleOrDefaultAsync();
        if (officer is null)
        {
            return null;
        }

        var menu = new List<ConsoleNavItem>();
        foreach (var section in sections.All)
        {
            if ((await authorization.AuthorizeAsync(Principal, section.Nav.Policy)).Succeeded)
            {
                menu.Add(section.Nav);
            }
        }

        return header = new Header(officer.DisplayName, officer.Username, officer.Union, menu);
    }

    public async Task<bool> MayAsync(string policy) => (await authorization.AuthorizeAsync(Principal, policy)).Succeeded;
}
