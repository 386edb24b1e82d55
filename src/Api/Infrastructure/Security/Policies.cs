using System.Security.Claims;
using Changai.Domain.Identity;

namespace Changai.Api.Infrastructure.Security;

/// <summary>Every endpoint names one of these (or AllowAnonymous); a test fails for any endpoint that names none.</summary>
public static class Policies
{
    public const string Worker = "worker";
    public const string Officer = "officer";
    public const string AnyUser = "any-user";
    public const string ReviewMembership = "officer:review-membership";

    public const string RoleClaim = "role";
    public const string PermissionClaim = "perm";
    public const string UnionClaim = "union";

    public static IServiceCollection AddChangaiAuthorization(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Worker, p => p.RequireClaim(RoleClaim, Worker))
            .AddPolicy(Officer, p => p.RequireClaim(RoleClaim, Officer))
            .AddPolicy(AnyUser, p => p.RequireClaim(RoleClaim, Worker, Officer))
            .AddPolicy(ReviewMembership, p => p.RequireClaim(RoleClaim, Officer).RequireClaim(PermissionClaim, nameof(OfficerPermissions.ReviewMembership)));
        return services;
    }

    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue("sub"), out var id) ? id : throw new InvalidOperationException("token without subject");

    public static Guid OfficerUnionId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(UnionClaim), out var id) ? id : throw new InvalidOperationException("officer token without union");
}
