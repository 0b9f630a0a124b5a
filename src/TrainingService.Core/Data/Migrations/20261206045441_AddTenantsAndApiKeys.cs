using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingService.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddTenantsAndApiKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_models_created_at",
                table: "models");

            migrationBuilder.DropIndex(
                name: "ix_datasets_created_at",
                table: "datasets");

            migrationBuilder.AddColumn<Guid>(
                name: "tenant_id",
                table: "training_jobs",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<Guid>(
                name: "tenant_id",
                table: "predictions",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<Guid>(
                name: "tenant_id",
                table: "models",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<Guid>(
                name: "tenant_id",
                table: "datasets",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.CreateTable(
                name: "tenants",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenants", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    prefix = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_keys", x => x.id);
                    table.ForeignKey(
                        name: "fk_api_keys_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_training_jobs_tenant_id_created_at",
                table: "training_jobs",
                columns: new[] { "tenant_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_predictions_tenant_id_created_at",
                table: "predictions",
                columns: new[] { "tenant_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_models_tenant_id_created_at",
                table: "models",
                columns: new[] { "tenant_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_datasets_tenant_id_created_at",
                table: "datasets",
                columns: new[] { "tenant_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_prefix",
                table: "api_keys",
                column: "prefix",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_tenant_id_created_at",
                table: "api_keys",
                columns: new[] { "tenant_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_tenants_name",
                table: "tenants",
                column: "name",
                unique: true);

            // Data stored before tenants existed goes to one tenant, "legacy"; the administrator gives it a key with
            // POST /api/tenants/{id}/keys. The column default only served to add the column to existing rows.
            migrationBuilder.Sql("""
                INSERT INTO tenants (id, name, created_at)
                SELECT '00000000-0000-0000-0000-000000000001', 'legacy', now()
                WHERE EXISTS (SELECT 1 FROM datasets) OR EXISTS (SELECT 1 FROM models);
                UPDATE datasets SET tenant_id = '00000000-0000-0000-0000-000000000001';
                UPDATE models SET tenant_id = '00000000-0000-0000-0000-000000000001';
                UPDATE training_jobs SET tenant_id = '00000000-0000-0000-0000-000000000001';
                UPDATE predictions SET tenant_id = '00000000-0000-0000-0000-000000000001';
                ALTER TABLE datasets ALTER COLUMN tenant_id DROP DEFAULT;
                ALTER TABLE models ALTER COLUMN tenant_id DROP DEFAULT;
                ALTER TABLE training_jobs ALTER COLUMN tenant_id DROP DEFAULT;
                ALTER TABLE predictions ALTER COLUMN tenant_id DROP DEFAULT;
                """);

            migrationBuilder.AddForeignKey(
                name: "fk_datasets_tenants_tenant_id",
                table: "datasets",
                column: "tenant_id",
                principalTable: "tenants",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_models_tenants_tenant_id",
                table: "models",
                column: "tenant_id",
                principalTable: "tenants",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_predictions_tenants_tenant_id",
                table: "predictions",
                column: "tenant_id",
                principalTable: "tenants",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_training_jobs_tenants_tenant_id",
                table: "training_jobs",
                column: "tenant_id",
                principalTable: "tenants",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_datasets_tenants_tenant_id",
                table: "datasets");

            migrationBuilder.DropForeignKey(
                name: "fk_models_tenants_tenant_id",
                table: "models");

            migrationBuilder.DropForeignKey(
                name: "fk_predictions_tenants_tenant_id",
                table: "predictions");

            migrationBuilder.DropForeignKey(
                name: "fk_training_jobs_tenants_tenant_id",
                table: "training_jobs");

            migrationBuilder.DropTable(
                name: "api_keys");

            migrationBuilder.DropTable(
                name: "tenants");

            migrationBuilder.DropIndex(
                name: "ix_training_jobs_tenant_id_created_at",
                table: "training_jobs");

            migrationBuilder.DropIndex(
                name: "ix_predictions_tenant_id_created_at",
                table: "predictions");

            migrationBuilder.DropIndex(
                name: "ix_models_tenant_id_created_at",
                table: "models");

            migrationBuilder.DropIndex(
                name: "ix_datasets_tenant_id_created_at",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "tenant_id",
                table: "training_jobs");

            migrationBuilder.DropColumn(
                name: "tenant_id",
                table: "predictions");

            migrationBuilder.DropColumn(
                name: "tenant_id",
                table: "models");

            migrationBuilder.DropColumn(
                name: "tenant_id",
                table: "datasets");

            migrationBuilder.CreateIndex(
                name: "ix_models_created_at",
                table: "models",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_datasets_created_at",
                table: "datasets",
                column: "created_at");
        }
    }
}
