using Microsoft.EntityFrameworkCore;

namespace Changai.Domain.Data;

public sealed partial class AppDbContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
}
