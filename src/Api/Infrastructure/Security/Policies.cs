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
    public const string ReviewSubsidies = "officer:review-subsidies";
    public const string ManageSubsidies = "officer:manage-subsidies";
    public const string ManageTraining = "officer:manage-training";
    public const string ManageQuiz = "officer:manage-quiz";
    public const string Finance = "officer:finance";
    public const string ManageOfficers = "officer:manage-officers";
    public const string ManageJobs = "officer:manage-jobs";
    public const string ManageUnions = "officer:manage-unions";

    public const string RoleClaim = "role";
    public const string PermissionClaim = "perm";
    public const string UnionClaim = "union";

    /// <summary>On an officer whose password someone else chose: only the password change opens (<see cref="PasswordChangeGate"/>).</summary>
    public const string PasswordChangeClaim = "pwd_change";

    public static IServiceCollection AddChangaiAuthorization(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Worker, p => p.RequireClaim(RoleClaim, Worker))
            .AddPolicy(Officer, p => p.RequireClaim(RoleClaim, Officer))
            .AddPolicy(AnyUser, p => p.RequireClaim(RoleClaim, Worker, Officer))
            .AddPolicy(ReviewMembership, p => OfficerWith(p, OfficerPermissions.ReviewMembership))
            .AddPolicy(ReviewSubsidies, p => OfficerWith(p, OfficerPermissions.ReviewSubsidies))
            .AddPolicy(ManageSubsidies, p => OfficerWith(p, OfficerPermissions.ManageSubsidies))
            .AddPolicy(ManageTraining, p => OfficerWith(p, OfficerPermissions.ManageTraining))
            .AddPolicy(ManageQuiz, p => OfficerWith(p, OfficerPermissions.ManageQuiz))
            .AddPolicy(Finance, p => OfficerWith(p, OfficerPermissions.Finance))
            .AddPolicy(ManageOfficers, p => OfficerWith(p, OfficerPermissions.ManageOfficers))
            .AddPolicy(ManageJobs, p => OfficerWith(p, OfficerPermissions.ManageJobs))
            .AddPolicy(ManageUnions, p => OfficerWith(p, OfficerPermissions.ManageUnions));
        return services;
    }

    private static void OfficerWith(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy, OfficerPermissions permission) =>
        policy.RequireClaim(RoleClaim, Officer).RequireClaim(PermissionClaim, permission.ToString());

    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue("sub"), out var id) ? id : throw new InvalidOperationException("token without subject");

    public static Guid OfficerUnionId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(UnionClaim), out var id) ? id : throw new InvalidOperationException("officer token without union");
}
