#!/usr/bin/env bash
# EF Core migrations for both databases. Each provider has its own migrations and snapshot (src/Domain/Data/Migrations/
# Sqlite and .../Postgres, see docs/decisions.md), so every model change is scaffolded twice; this does both.
#   tools/migrations.sh add <Name>   scaffold <Name> for SQLite and PostgreSQL from the current model
#   tools/migrations.sh remove       remove the latest migration of each (only while no database has applied it)
#   tools/migrations.sh check        fail when the model has changes without a migration (what MigrationSchemaTests checks)
# Needs only the .NET SDK: dotnet-ef is a local tool (.config/dotnet-tools.json); no database server is contacted.
set -euo pipefail
cd "$(dirname "$0")/.."
command=${1:-}
dotnet tool restore >/dev/null
ef() { dotnet ef "$@" --project src/Domain --configuration Release; }
case "$command" in
  add)
    name=${2:?usage: tools/migrations.sh add <Name>}
    ef migrations add "$name" --context SqliteAppDbContext --output-dir Data/Migrations/Sqlite
    # The first command built the project; the PostgreSQL scaffold reads only its own context's migrations.
    ef migrations add "$name" --context PostgresAppDbContext --output-dir Data/Migrations/Postgres --no-build
    ;;
  remove)
    # --force: go on although the design-time connection reaches no database (ProviderContexts.cs says why none).
    ef migrations remove --force --context SqliteAppDbContext
    ef migrations remove --force --context PostgresAppDbContext --no-build
    ;;
  check)
    ef migrations has-pending-model-changes --context SqliteAppDbContext
    ef migrations has-pending-model-changes --context PostgresAppDbContext --no-build
    ;;
  *)
    sed -n '2,7p' "$0" >&2
    exit 2
    ;;
esac
