using Changai.Domain.Membership;
using Microsoft.EntityFrameworkCore;

namespace Changai.Domain.Data;

public abstract partial class AppDbContext
{
    public DbSet<MembershipClaim> MembershipClaims => Set<MembershipClaim>();
}
