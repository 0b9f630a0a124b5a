using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace TrainingService.Core.Data;

/// <summary>Recognizes a foreign-key violation however EF surfaced it: raw from ExecuteUpdate/ExecuteDelete, wrapped from SaveChanges.</summary>
public static class ForeignKeyViolation
{
    public static bool Is(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation }
        || e is DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation } };
}
