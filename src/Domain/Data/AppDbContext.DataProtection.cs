using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Changai.Domain.Data;

/// <summary>
/// The ASP.NET Core data-protection key ring (keys and revocations as the framework writes them), kept in the database
/// by <c>PersistKeysToDbContext&lt;AppDbContext&gt;()</c> so that every API instance behind the load balancer reads and
/// writes the same ring: a console cookie or form protected by one instance is accepted by the others, and a restart signs
/// nobody out. Each key's secret inside <see cref="DataProtectionKey.Xml"/> is encrypted with the personal-data key.
/// </summary>
public abstract partial class AppDbContext : IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
}
