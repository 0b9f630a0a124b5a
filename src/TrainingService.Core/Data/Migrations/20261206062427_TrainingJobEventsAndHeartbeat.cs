using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TrainingService.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class TrainingJobEventsAndHeartbeat : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "batches_completed",
                table: "training_jobs",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "batches_per_epoch",
                table: "training_jobs",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_heartbeat_at",
                table: "training_jobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "live_samples_per_second",
                table: "training_jobs",
                type: "double precision",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "stream_tickets",
                columns: table => new
                {
                    hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stream_tickets", x => x.hash);
                    table.ForeignKey(
                        name: "fk_stream_tickets_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "training_job_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    job_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    data = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_job_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_training_job_events_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_training_job_events_training_jobs_job_id",
                        column: x => x.job_id,
                        principalTable: "training_jobs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_stream_tickets_expires_at",
                table: "stream_tickets",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_stream_tickets_tenant_id_expires_at",
                table: "stream_tickets",
                columns: new[] { "tenant_id", "expires_at" });

            migrationBuilder.CreateIndex(
                name: "ix_training_job_events_job_id_id",
                table: "training_job_events",
                columns: new[] { "job_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_training_job_events_tenant_id_id",
                table: "training_job_events",
                columns: new[] { "tenant_id", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "stream_tickets");

            migrationBuilder.DropTable(
                name: "training_job_events");

            migrationBuilder.DropColumn(
                name: "batches_completed",
                table: "training_jobs");

            migrationBuilder.DropColumn(
                name: "batches_per_epoch",
                table: "training_jobs");

            migrationBuilder.DropColumn(
                name: "last_heartbeat_at",
                table: "training_jobs");

            migrationBuilder.DropColumn(
                name: "live_samples_per_second",
                table: "training_jobs");
        }
    }
}
