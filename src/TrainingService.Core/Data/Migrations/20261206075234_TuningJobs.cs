using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingService.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class TuningJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "trial_fold",
                table: "training_jobs",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "trial_index",
                table: "training_jobs",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "trial_parameters",
                table: "training_jobs",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "tuning_job_id",
                table: "training_jobs",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "tuning_jobs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    base_model_id = table.Column<Guid>(type: "uuid", nullable: true),
                    base_definition = table.Column<string>(type: "jsonb", nullable: false),
                    training = table.Column<string>(type: "jsonb", nullable: false),
                    dataset_id = table.Column<Guid>(type: "uuid", nullable: false),
                    objective = table.Column<string>(type: "jsonb", nullable: false),
                    strategy = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    search_space = table.Column<string>(type: "jsonb", nullable: false),
                    pruning = table.Column<string>(type: "jsonb", nullable: false),
                    cross_validation = table.Column<string>(type: "jsonb", nullable: true),
                    final_training_job_id = table.Column<Guid>(type: "uuid", nullable: true),
                    max_parallel = table.Column<int>(type: "integer", nullable: false),
                    seed = table.Column<long>(type: "bigint", nullable: false),
                    total_trials = table.Column<int>(type: "integer", nullable: false),
                    trials_created = table.Column<int>(type: "integer", nullable: false),
                    refused_trials = table.Column<string>(type: "jsonb", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    error = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tuning_jobs", x => x.id);
                    table.ForeignKey(
                        name: "fk_tuning_jobs_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_training_jobs_tuning_job_id_trial_index_trial_fold",
                table: "training_jobs",
                columns: new[] { "tuning_job_id", "trial_index", "trial_fold" },
                unique: true,
                filter: "tuning_job_id IS NOT NULL")
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "ix_tuning_jobs_status",
                table: "tuning_jobs",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_tuning_jobs_tenant_id_created_at",
                table: "tuning_jobs",
                columns: new[] { "tenant_id", "created_at" });

            migrationBuilder.AddForeignKey(
                name: "fk_training_jobs_tuning_jobs_tuning_job_id",
                table: "training_jobs",
                column: "tuning_job_id",
                principalTable: "tuning_jobs",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_training_jobs_tuning_jobs_tuning_job_id",
                table: "training_jobs");

            migrationBuilder.DropTable(
                name: "tuning_jobs");

            migrationBuilder.DropIndex(
                name: "ix_training_jobs_tuning_job_id_trial_index_trial_fold",
                table: "training_jobs");

            migrationBuilder.DropColumn(
                name: "trial_fold",
                table: "training_jobs");

            migrationBuilder.DropColumn(
                name: "trial_index",
                table: "training_jobs");

            migrationBuilder.DropColumn(
                name: "trial_parameters",
                table: "training_jobs");

            migrationBuilder.DropColumn(
                name: "tuning_job_id",
                table: "training_jobs");
        }
    }
}
